package dev.outpost.access.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;

/** The access-service's own settings, under {@code outpost.access}. */
@ConfigMapping(prefix = "outpost.access")
public interface AccessConfig {

  /** The address end users' browsers reach this service at (login callbacks come back here). */
  URI publicUrl();

  /** The OpenID Connect issuer end users log in with. */
  URI identityProviderUrl();

  /** How long an application session lasts when the application does not say. */
  @WithDefault("PT24H")
  Duration defaultSessionDuration();
}
