package dev.outpost.infra.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL server from the binaries packaged on Maven Central (no installation, no
 * container). With a data directory it keeps its data across restarts; without one it works in a
 * throw-away directory, which is what tests want.
 */
public final class PostgresServer implements AutoCloseable {

  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private final EmbeddedPostgres postgres;
  private final Path dataDirectory;

  private PostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
  }

  /**
   * Starts PostgreSQL on {@code port} (0: any free port). A {@code dataDirectory} that already
   * holds a cluster is reused as it is; {@code null} means a fresh temporary cluster.
   */
  public static PostgresServer start(int port, Path dataDirectory, Path logFile)
      throws IOException {
    var builder =
        EmbeddedPostgres.builder()
            .setPGStartupWait(Duration.ofSeconds(60))
            // Whoever starts it stops it, in order: a hook of zonky's own would race the
            // launcher's and stop the database under the running services.
            .setRegisterShutdownHook(false)
            .setServerConfig("max_connections", "200")
            .setServerConfig("listen_addresses", "localhost");
    if (port > 0) {
      builder.setPort(port);
    }
    if (dataDirectory != null) {
      Files.createDirectories(dataDirectory);
      builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
    }
    if (logFile != null) {
      Files.createDirectories(logFile.toAbsolutePath().getParent());
      var redirect = ProcessBuilder.Redirect.appendTo(logFile.toFile());
      builder.setOutputRedirector(redirect).setErrorRedirector(redirect);
    }
    return new PostgresServer(builder.start(), dataDirectory);
  }

  public int port() {
    return postgres.getPort();
  }

  /** JDBC URL of {@code database} on this server. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://localhost:" + port() + "/" + database;
  }

  /** The Vert.x reactive client's URL of {@code database} on this server. */
  public String reactiveUrl(String database) {
    return "postgresql://localhost:" + port() + "/" + database;
  }

  /**
   * Makes sure a login role {@code owner} with {@code password} and a database {@code name} owned
   * by it exist. Idempotent, so a restart of the launcher finds its databases again.
   */
  public void ensureDatabase(String name, String owner, String password) {
    requireIdentifier(name);
    requireIdentifier(owner);
    try (var connection = postgres.getPostgresDatabase().getConnection();
        var statement = connection.createStatement()) {
      try (var roles =
          statement.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + owner + "'")) {
        if (!roles.next()) {
          statement.execute(
              "CREATE ROLE " + owner + " LOGIN PASSWORD '" + password.replace("'", "''") + "'");
        }
      }
      try (var databases =
          statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
        if (!databases.next()) {
          statement.execute("CREATE DATABASE " + name + " OWNER " + owner);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "could not create database " + name + ": " + e.getMessage(), e);
    }
  }

  private static void requireIdentifier(String value) {
    if (!IDENTIFIER.matcher(value).matches()) {
      throw new IllegalArgumentException("not a plain PostgreSQL identifier: " + value);
    }
  }

  /**
   * The postmaster's process id, for liveness and memory readings. The server is started through
   * {@code pg_ctl}, which exits once it runs, so the id comes from the cluster's {@code
   * postmaster.pid}; 0 when the cluster's folder is not ours to know.
   */
  public long pid() {
    if (dataDirectory == null) {
      return 0;
    }
    try (var lines = Files.lines(dataDirectory.resolve("postmaster.pid"))) {
      return lines.findFirst().map(String::trim).map(Long::parseLong).orElse(0L);
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
