package dev.outpost.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Tenant acme on a running platform, as its admin alice sets things up through the APIs: a private
 * service on loopback, tunnels with their connectors (the connector's jar, as a tenant runs it),
 * hostnames routed to the service, access applications. What a browser test then looks at.
 */
final class AcmeTenant implements AutoCloseable {

  final ApiCalls api;
  final ApiCalls access;
  final List<ConnectorProcess> connectors = new ArrayList<>();
  private final Platform platform;
  private final HttpServer origin;
  private final HttpClient http = HttpClient.newHttpClient();

  AcmeTenant(Platform platform) throws IOException {
    this.platform = platform;
    api = new ApiCalls(platform.apiUrl(), "alice");
    access = new ApiCalls(platform.accessUrl(), "alice");
    origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    origin.createContext(
        "/",
        exchange -> {
          var body =
              ("hello from the private service at " + exchange.getRequestURI())
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/plain");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    origin.start();
    // The access-service learns the tenants and their zones from the api-service, over Kafka.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> access.status("GET", "/v1/applications", null) == 200);
  }

  /** The private service, which only connectors reach. */
  String originUrl() {
    return "http://127.0.0.1:" + origin.getAddress().getPort();
  }

  /**
   * Starts a connector with the command line a page shows ({@code java -jar connector.jar tunnel
   * run --token ... --edge ... --edge-ca ...}): its token, edge and CA, this build's jar.
   */
  ConnectorProcess connector(String shown) throws IOException {
    assertThat(shown).startsWith("java -jar connector.jar tunnel run ");
    var connector =
        ConnectorProcess.start(
            suffix(),
            argument(shown, "--token"),
            argument(shown, "--edge"),
            Path.of(argument(shown, "--edge-ca")),
            4);
    connectors.add(connector);
    return connector;
  }

  /** An application of acme's, made through the access-service's API; its id. */
  String application(String name) {
    var host = name + "-" + suffix() + ".acme.example";
    return access
        .post("/v1/applications", Map.of("name", name + "-" + suffix(), "hostname", host))
        .path("id")
        .asText();
  }

  /**
   * A hostname the edge sends through a new tunnel to the private service, set up through the API
   * with a connector running the token the API gave.
   */
  String servedHostname(String name) throws Exception {
    var host = name + "-" + suffix() + ".acme.example";
    var created =
        api.post("/v1/tunnels", Map.of("name", name + "-" + suffix(), "configSource", "remote"));
    var id = created.path("tunnel").path("id").asText();
    api.put(
        "/v1/tunnels/" + id + "/configuration",
        Map.of(
            "config",
            Map.of(
                "ingress",
                List.of(
                    Map.of("hostname", host, "service", originUrl()),
                    Map.of("service", "http_status:404")))));
    api.post("/v1/routes", Map.of("hostname", host, "tunnelId", id));
    connector(
        "java -jar connector.jar tunnel run --token "
            + created.path("token").asText()
            + " --edge 127.0.0.1:"
            + platform.edgeTunnelPort
            + " --edge-ca "
            + platform.edgeTls.caPem());
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> edgeStatus(host) == 200);
    return host;
  }

  /** What the edge answers an anonymous script for {@code host}. */
  int edgeStatus(String host) throws IOException, InterruptedException {
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + platform.edgePublicPort + "/"))
            .header("Host", host + ":" + platform.edgePublicPort)
            .build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  static String argument(String commandLine, String option) {
    var words = commandLine.trim().split("\\s+");
    for (int i = 0; i + 1 < words.length; i++) {
      if (words[i].equals(option)) {
        return words[i + 1];
      }
    }
    throw new AssertionError(option + " is not in " + commandLine);
  }

  static String suffix() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  @Override
  public void close() {
    connectors.forEach(ConnectorProcess::close);
    origin.stop(0);
  }
}
