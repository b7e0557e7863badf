package dev.outpost.infra.launcher;

import dev.outpost.infra.keycloak.KeycloakServer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/** What the user needs once the platform is up: addresses, example accounts, a first command. */
final class Banner {

  private Banner() {}

  static void print(
      PrintStream out, PlatformPorts ports, KeycloakServer keycloak, Path state, Duration took) {
    out.printf(
        """

        Outpost is ready (%.1f s).

          portal          http://localhost:%d          the tenant web portal: sign in as alice
          API             http://localhost:%d          OpenAPI /q/openapi, Swagger UI /q/swagger-ui
          access          http://localhost:%d
          router          http://localhost:%d          health and metrics of the edge
          edge, public    http://localhost:%d          what the world reaches through tunnels
                          https://localhost:%d         the same over TLS (certificate for the
                                                       example zones, CA below)
          edge, tunnels   localhost:%d           connectors dial here (CA: %s)
          Keycloak        %s         admin console: admin / admin
          PostgreSQL      postgresql://%s:%s@localhost:%d  databases outpost_api, outpost_access
          Kafka           localhost:%d
          health          /q/health/ready and metrics /q/metrics on every service

        Example users of realm '%s' (password: outpost)
          operator        platform-admin
          alice, bob      tenant acme   (admin, viewer)
          carol, dave     tenant globex (admin, viewer)
          erin            no tenant (an end user)

        A token for alice:
          curl -s -d grant_type=password -d client_id=outpost-cli -d username=alice \\
               -d password=outpost %s

        Expose a service: README.md, "Expose a service through a tunnel".

        Data and logs: %s
        Ctrl-C stops everything.

        """,
        took.toMillis() / 1000.0,
        ports.portal(),
        ports.api(),
        ports.access(),
        ports.router(),
        ports.edgePublic(),
        ports.edgePublicTls(),
        ports.edgeTunnel(),
        state.resolve("tls").resolve("edge-ca.pem"),
        keycloak.baseUrl(),
        Launcher.DB_USER,
        Launcher.DB_PASSWORD,
        ports.postgres(),
        ports.kafka(),
        KeycloakServer.REALM,
        keycloak.tokenEndpoint(),
        state);
  }
}
