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

  /** How long a new service token lives when its creator does not say. */
  @WithDefault("P365D")
  Duration defaultServiceTokenDuration();

  /** The transactional outbox relay. */
  Outbox outbox();

  interface Outbox {

    /** How often the relay looks for unpublished events. */
    @WithDefault("100ms")
    Duration pollInterval();

    /** The most events one relay pass publishes (and holds row locks for). */
    @WithDefault("500")
    int batchSize();

    /** How long published events stay in the table for inspection before they are deleted. */
    @WithDefault("P7D")
    Duration retention();
  }
}
