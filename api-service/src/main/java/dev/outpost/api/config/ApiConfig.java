package dev.outpost.api.config;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** The api-service's own settings, under {@code outpost.api}. */
@ConfigMapping(prefix = "outpost.api")
public interface ApiConfig {

  /**
   * Tenants to create at start if missing, for local trials: {@code slug=zone|zone}, comma
   * separated, for example {@code acme=acme.example,globex=globex.example}.
   */
  Optional<List<String>> exampleTenants();

  /**
   * The key tunnel secrets are derived from (base64, at least 32 bytes). The database keeps only
   * their hashes; this key lets the API hand out a tunnel's token again. Keep it secret and stable:
   * a new key invalidates every tunnel token.
   */
  String tunnelSecretKey();
}
