package dev.outpost.router.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** The router's own settings, under {@code outpost.router}. */
@ConfigMapping(prefix = "outpost.router")
public interface RouterConfig {

  /** This router's identity in connector events and connection records; the host name if unset. */
  Optional<String> id();

  /** The public listener end users' requests arrive on. */
  @WithDefault("8000")
  int publicPort();

  /** The listener connectors dial out to (TLS, multiplexed). */
  @WithDefault("7844")
  int tunnelPort();
}
