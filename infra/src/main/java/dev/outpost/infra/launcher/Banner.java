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

          portal          %-30s the tenant web portal: sign in as alice
          API             %-30s OpenAPI /q/openapi, Swagger UI /q/swagger-ui
          access          %s
          router          %-30s health and metrics of the edge
          edge, public    %-30s what the world reaches through tunnels
                          %-30s the same over TLS (certificate for the
                          %-30s example zones, CA below)
          edge, tunnels   %-30s connectors dial here (CA: %s)
          Keycloak        %-30s admin console: admin / admin
          PostgreSQL      %-30s databases outpost_api, outpost_access
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
        local(ports.portal()),
        local(ports.api()),
        local(ports.access()),
        local(ports.router()),
        local(ports.edgePublic()),
        "https://localhost:" + ports.edgePublicTls(),
        "",
        "localhost:" + ports.edgeTunnel(),
        state.resolve("tls").resolve("edge-ca.pem"),
        keycloak.baseUrl(),
        "postgresql://%s:%s@localhost:%d"
            .formatted(Launcher.DB_USER, Launcher.DB_PASSWORD, ports.postgres()),
        ports.kafka(),
        KeycloakServer.REALM,
        keycloak.tokenEndpoint(),
        state);
  }

  private static String local(int port) {
    return "http://localhost:" + port;
  }
}
