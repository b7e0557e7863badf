package dev.outpost.api.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The api-service's own settings, under {@code outpost.api}. */
@ConfigMapping(prefix = "outpost.api")
public interface ApiConfig {

  /** The transactional outbox relay. */
  Outbox outbox();

  interface Outbox {

    /** How often the relay looks for unpublished events. */
    @WithDefault("200ms")
    Duration pollInterval();

    /** The most events one relay pass publishes (and holds row locks for). */
    @WithDefault("100")
    int batchSize();

    /** How long published events stay in the table for inspection before they are deleted. */
    @WithDefault("P7D")
    Duration retention();
  }
}
