package dev.outpost.infra.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresServerTest {

  @TempDir Path state;

  @Test
  void keepsItsDataAcrossARestartWithTheSameDataDirectory() throws Exception {
    var data = state.resolve("pg");
    int port;
    try (var server = PostgresServer.start(0, data, state.resolve("pg.log"))) {
      port = server.port();
      server.ensureDatabase("outpost_api", "outpost", "secret");
      try (var c = DriverManager.getConnection(server.jdbcUrl("outpost_api"), "outpost", "secret");
          var s = c.createStatement()) {
        s.execute("CREATE TABLE tunnel (name text PRIMARY KEY)");
        s.execute("INSERT INTO tunnel VALUES ('kept')");
      }
    }

    try (var server = PostgresServer.start(port, data, state.resolve("pg.log"))) {
      assertThat(ProcessHandle.of(server.pid()))
          .hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
      // Idempotent: the second start finds the role and the database and leaves them be.
      server.ensureDatabase("outpost_api", "outpost", "secret");
      try (var c = DriverManager.getConnection(server.jdbcUrl("outpost_api"), "outpost", "secret");
          var s = c.createStatement();
          var rows = s.executeQuery("SELECT name FROM tunnel")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo("kept");
      }
    }
  }

  @Test
  void refusesNamesThatAreNotPlainIdentifiers() throws Exception {
    try (var server = PostgresServer.start(0, null, null)) {
      assertThatThrownBy(() -> server.ensureDatabase("x; DROP DATABASE postgres", "outpost", "p"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not a plain PostgreSQL identifier");
    }
  }
}
