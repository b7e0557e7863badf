package dev.outpost.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points the application's OIDC at the shared test Keycloak, which serves the realm the project
 * ships (its example users and clients).
 */
public final class KeycloakResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    var keycloak = SharedInfrastructure.keycloak();
    return Map.of(
        "quarkus.oidc.auth-server-url", keycloak.issuer(),
        "outpost.test.keycloak.token-endpoint", keycloak.tokenEndpoint());
  }

  @Override
  public void stop() {
    // Shared across Quarkus restarts; stopped when the test JVM exits.
  }
}
