package dev.outpost.testing;

import dev.outpost.infra.kafka.KafkaBroker;
import dev.outpost.infra.kafka.TopicProvisioner;
import dev.outpost.infra.keycloak.KeycloakHomes;
import dev.outpost.infra.keycloak.KeycloakServer;
import dev.outpost.infra.postgres.PostgresServer;
import dev.outpost.infra.process.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One PostgreSQL, one Kafka and one Keycloak per test JVM, started on first use on free ports and
 * stopped when the JVM exits. Quarkus restarts the application for each test profile; the servers
 * outlive those restarts, so a module pays for each start once.
 *
 * <p>Thread-safe: the getters are synchronized.
 */
final class SharedInfrastructure {

  private static final Duration TIMEOUT = Duration.ofMinutes(3);
  private static final Path LOGS = Path.of("target", "test-infra");

  private static PostgresServer postgres;
  private static KafkaBroker kafka;
  private static KeycloakServer keycloak;
  private static Path kafkaData;

  private SharedInfrastructure() {}

  static synchronized PostgresServer postgres() {
    if (postgres == null) {
      try {
        postgres = PostgresServer.start(0, null, LOGS.resolve("postgres.log"));
      } catch (IOException e) {
        throw new UncheckedIOException("PostgreSQL did not start", e);
      }
      onExit("stop-postgres", SharedInfrastructure::stopPostgres);
    }
    return postgres;
  }

  static synchronized KafkaBroker kafka() {
    if (kafka == null) {
      try {
        kafkaData = Files.createTempDirectory("outpost-kafka-");
        kafka =
            KafkaBroker.start(
                FreePorts.pick(),
                FreePorts.pick(),
                kafkaData,
                LOGS.resolve("kafka.log"),
                "256m",
                TIMEOUT);
      } catch (IOException e) {
        throw new UncheckedIOException("Kafka did not start", e);
      }
      TopicProvisioner.ensureTopics(kafka.bootstrapServers(), (short) 1);
      onExit("stop-kafka", SharedInfrastructure::stopKafka);
    }
    return kafka;
  }

  static synchronized KeycloakServer keycloak() {
    if (keycloak == null) {
      try {
        keycloak =
            KeycloakServer.start(
                KeycloakHomes.forTests(),
                KeycloakServer.Store.MEMORY,
                FreePorts.pick(),
                FreePorts.pick(),
                LOGS.resolve("keycloak.log"),
                TIMEOUT);
      } catch (IOException e) {
        throw new UncheckedIOException("Keycloak did not start", e);
      }
      onExit("stop-keycloak", () -> keycloak.close());
    }
    return keycloak;
  }

  private static void stopPostgres() {
    try {
      postgres.close();
    } catch (IOException e) {
      // the JVM is exiting; the temporary cluster goes with the temp folder
    }
  }

  private static void stopKafka() {
    kafka.close();
    try (var paths = Files.walk(kafkaData)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // leave the temporary folder behind
    }
  }

  private static void onExit(String name, Runnable action) {
    Runtime.getRuntime().addShutdownHook(new Thread(action, name));
  }
}
