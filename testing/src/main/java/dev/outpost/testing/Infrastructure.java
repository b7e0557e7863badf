package dev.outpost.testing;

/** Direct access to the shared test servers, for tests that talk to them without Quarkus. */
public final class Infrastructure {

  private Infrastructure() {}

  public static String kafkaBootstrapServers() {
    return SharedInfrastructure.kafka().bootstrapServers();
  }

  public static String keycloakTokenEndpoint() {
    return SharedInfrastructure.keycloak().tokenEndpoint();
  }
}
