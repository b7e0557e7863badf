package dev.outpost.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points the application's Kafka clients at the shared test broker, with the platform's topics. */
public final class KafkaResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    return Map.of("kafka.bootstrap.servers", SharedInfrastructure.kafka().bootstrapServers());
  }

  @Override
  public void stop() {
    // Shared across Quarkus restarts; stopped when the test JVM exits.
  }
}
