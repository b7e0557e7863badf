import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * How long a configuration change takes from the API's answer to the connector applying it:
 * PUT /v1/tunnels/{id}/configuration, then watch the connector's /metrics until its
 * outpost_connector_config_version shows the new version. Needs a running platform
 * (./outpost start) and a built connector. Prints p50/p90/p99 over --changes (100) changes.
 *
 * <pre>java bench/ConfigLatency.java [--changes 100]</pre>
 */
public class ConfigLatency {

  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public static void main(String[] args) throws Exception {
    int changes = Integer.parseInt(option(args, "--changes", "100"));
    var api = option(args, "--api", "http://localhost:8080");
    var keycloak = option(args, "--keycloak", "http://localhost:18080");
    var edge = option(args, "--edge", "localhost:7844");
    var home = Path.of(option(args, "--home", ".")).toAbsolutePath();
    int metricsPort = Integer.parseInt(option(args, "--metrics-port", "20241"));

    var token = token(keycloak);
    var created =
        send(token, "POST", api + "/v1/tunnels", "{\"name\":\"latency-" + UUID.randomUUID().toString().substring(0, 6) + "\",\"configSource\":\"remote\"}");
    var tunnel = field(created, "id");
    var tunnelToken = field(created, "token");
    put(token, api, tunnel, 0);

    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var connector =
        new ProcessBuilder(
                java, "-jar", home.resolve("connector/target/connector.jar").toString(), "tunnel", "run",
                "--token", tunnelToken, "--edge", edge, "--edge-ca", home.resolve(".outpost/tls/edge-ca.pem").toString(),
                "--ha-connections", "1", "--metrics", "127.0.0.1:" + metricsPort)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      var metrics = URI.create("http://127.0.0.1:" + metricsPort + "/metrics");
      waitFor(() -> version(metrics) >= 1, Duration.ofSeconds(30), "the connector to register and apply version 1");
      var latencies = new ArrayList<Long>();
      for (int i = 1; i <= changes; i++) {
        long start = System.nanoTime();
        int expected = put(token, api, tunnel, i);
        while (version(metrics) < expected) {
          Thread.sleep(1);
          if (System.nanoTime() - start > Duration.ofSeconds(30).toNanos()) {
            throw new IllegalStateException("version " + expected + " was not applied within 30 s");
          }
        }
        latencies.add((System.nanoTime() - start) / 1_000_000);
      }
      latencies.sort(Long::compare);
      System.out.printf(
          "configuration change, API answer to applied by the connector, %d changes: p50 %d ms, p90 %d ms, p99 %d ms, max %d ms%n",
          changes, at(latencies, 0.5), at(latencies, 0.9), at(latencies, 0.99), latencies.get(latencies.size() - 1));
    } finally {
      connector.destroy();
      send(token, "DELETE", api + "/v1/tunnels/" + tunnel + "?force=true", null);
    }
  }

  /** PUTs a configuration whose answer differs with {@code n}; returns the version the API gave. */
  static int put(String token, String api, String tunnel, int n) throws Exception {
    var body =
        "{\"config\":{\"ingress\":[{\"hostname\":\"latency.acme.example\",\"service\":\"http_status:"
            + (200 + n % 300)
            + "\"},{\"service\":\"http_status:404\"}]}}";
    var answer = send(token, "PUT", api + "/v1/tunnels/" + tunnel + "/configuration", body);
    var matcher = Pattern.compile("\"version\":(\\d+)").matcher(answer);
    if (!matcher.find()) {
      throw new IllegalStateException("unexpected answer: " + answer);
    }
    return Integer.parseInt(matcher.group(1));
  }

  static int version(URI metrics) {
    try {
      var body = HTTP.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
      var matcher = Pattern.compile("(?m)^outpost_connector_config_version (-?\\d+)").matcher(body);
      return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
    } catch (Exception notYet) {
      return -1;
    }
  }

  static long at(List<Long> sorted, double q) {
    return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1));
  }

  static void waitFor(java.util.function.BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  static String send(String token, String method, String url, String body) throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
            .build();
    var response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(method + " " + url + ": " + response.statusCode() + " " + response.body());
    }
    return response.body();
  }

  static String field(String json, String name) {
    var matcher = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
    if (!matcher.find()) {
      throw new IllegalStateException("no " + name + " in " + json);
    }
    return matcher.group(1);
  }

  static String token(String keycloak) throws Exception {
    var response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(keycloak + "/realms/outpost/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=outpost-cli&username=alice&password=outpost"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return field(response.body(), "access_token");
  }

  static String option(String[] args, String name, String fallback) {
    var list = List.of(args);
    int i = list.indexOf(name);
    return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
  }
}
