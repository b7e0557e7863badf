package dev.outpost.portal.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The portal's own settings, under {@code outpost.portal}. Where the APIs are is REST client
 * configuration ({@code quarkus.rest-client.api.url}, {@code quarkus.rest-client.access.url}); who
 * logs in is {@code quarkus.oidc.*}.
 */
@ConfigMapping(prefix = "outpost.portal")
public interface PortalConfig {

  /**
   * The edge's tunnel listener as tenants' connectors reach it ({@code host:port}); it goes into
   * the connector command lines the portal shows.
   */
  @WithDefault("localhost:7844")
  String edgeAddress();

  /**
   * A file holding the CA that signed the edge's certificate, as connectors on this platform reach
   * it; absent when the edge has a certificate from a public CA. Shown in the command lines as
   * {@code --edge-ca}.
   */
  Optional<String> edgeCa();

  /** The api-service as tenants' scripts reach it, for the examples next to a new API token. */
  @WithDefault("http://localhost:8080")
  String apiPublicUrl();

  /** The connector's container image in the {@code docker run} and docker-compose examples. */
  @WithDefault("outpost/connector:latest")
  String connectorImage();

  /** How often open pages ask for tunnels' status (the live badges). */
  @WithDefault("5s")
  Duration statusPollInterval();

  /** How many rows a list page shows before offering the next page. */
  @WithDefault("50")
  int pageSize();
}
