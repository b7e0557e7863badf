package dev.outpost.service.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The transactional outbox relay: {@code outpost.outbox}. */
@ConfigMapping(prefix = "outpost.outbox")
public interface OutboxConfig {

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
