package dev.outpost.infra.keycloak;

import java.nio.file.Path;

/** Where unpacked Keycloak distributions live outside the launcher's state folder. */
public final class KeycloakHomes {

  private KeycloakHomes() {}

  /**
   * The home the tests share: kept across runs under the user's cache folder, so Keycloak's build
   * step (~30 s) runs once per machine, not once per test run. {@code OUTPOST_CACHE} moves it.
   */
  public static Path forTests() {
    var cache = System.getenv("OUTPOST_CACHE");
    var base =
        cache != null && !cache.isBlank()
            ? Path.of(cache)
            : Path.of(System.getProperty("user.home"), ".cache", "outpost");
    return base.resolve("keycloak-test-" + KeycloakServer.distributionVersion());
  }
}
