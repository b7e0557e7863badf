package dev.outpost.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points the application's datasource (reactive for Hibernate Reactive, JDBC for Flyway) at a
 * database of the shared test PostgreSQL. The init argument {@code database} names it.
 */
public final class PostgresResource implements QuarkusTestResourceLifecycleManager {

  static final String USER = "outpost";
  static final String PASSWORD = "outpost";

  private String database = "outpost_test";

  @Override
  public void init(Map<String, String> initArgs) {
    database = initArgs.getOrDefault("database", database);
  }

  @Override
  public Map<String, String> start() {
    var server = SharedInfrastructure.postgres();
    server.ensureDatabase(database, USER, PASSWORD);
    return Map.of(
        "quarkus.datasource.reactive.url",
        server.reactiveUrl(database),
        "quarkus.datasource.jdbc.url",
        server.jdbcUrl(database),
        "quarkus.datasource.username",
        USER,
        "quarkus.datasource.password",
        PASSWORD);
  }

  @Override
  public void stop() {
    // Shared across Quarkus restarts; stopped when the test JVM exits.
  }
}
