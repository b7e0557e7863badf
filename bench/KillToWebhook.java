import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How long a tenant waits to hear that its tunnel went down: a connector (the real one, as built)
 * is killed with SIGKILL and the time until the tunnel.health_changed webhook ("down") reaches a
 * receiver on this machine is measured, --runs (20) times; prints p50/p99/max. Each run starts the
 * connector, waits for the "healthy" webhook, then kills it. The receiver checks every signature.
 *
 * <p>Needs a running platform whose api-service may deliver to loopback, and a built connector:
 *
 * <pre>
 * OUTPOST_WEBHOOKS_ALLOW_PRIVATE_DESTINATIONS=true ./outpost start
 * java bench/KillToWebhook.java [--runs 20] [--ha-connections 4]
 * </pre>
 */
public class KillToWebhook {

  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final LinkedBlockingQueue<Arrival> ARRIVALS = new LinkedBlockingQueue<>();
  static volatile String secret;

  record Arrival(long nanos, String body, boolean verified) {}

  public static void main(String[] args) throws Exception {
    int runs = Integer.parseInt(option(args, "--runs", "20"));
    int ha = Integer.parseInt(option(args, "--ha-connections", "4"));
    var api = option(args, "--api", "http://localhost:8080");
    var keycloak = option(args, "--keycloak", "http://localhost:18080");
    var edge = option(args, "--edge", "localhost:7844");
    var home = Path.of(option(args, "--home", ".")).toAbsolutePath();

    var receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext("/", exchange -> {
      long at = System.nanoTime();
      var body = exchange.getRequestBody().readAllBytes();
      var h = exchange.getRequestHeaders();
      boolean ok = verify(h.getFirst("webhook-id"), h.getFirst("webhook-timestamp"), body, h.getFirst("webhook-signature"));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
      ARRIVALS.add(new Arrival(at, new String(body, StandardCharsets.UTF_8), ok));
    });
    receiver.start();

    var token = token(keycloak);
    var created = send(token, "POST", api + "/v1/tunnels",
        "{\"name\":\"kill-" + UUID.randomUUID().toString().substring(0, 6) + "\",\"configSource\":\"remote\"}");
    var tunnel = field(created, "id");
    var tunnelToken = field(created, "token");
    send(token, "PUT", api + "/v1/tunnels/" + tunnel + "/configuration",
        "{\"config\":{\"ingress\":[{\"service\":\"http_status:204\"}]}}");
    var webhook = send(token, "POST", api + "/v1/webhooks",
        "{\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook\",\"eventTypes\":[\"tunnel.health_changed\"],\"tunnelId\":\"" + tunnel + "\"}");
    secret = field(webhook, "secret");
    var webhookId = field(webhook, "id");
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var latencies = new ArrayList<Long>();
    try {
      for (int run = 1; run <= runs; run++) {
        token = token(keycloak); // runs outlast an access token
        var connector = new ProcessBuilder(java, "-jar", home.resolve("connector/target/connector.jar").toString(),
                "tunnel", "run", "--token", tunnelToken, "--edge", edge,
                "--edge-ca", home.resolve(".outpost/tls/edge-ca.pem").toString(), "--ha-connections", Integer.toString(ha))
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
          await("\"to\":\"healthy\"", Duration.ofSeconds(60), api, token, webhookId);
          long killed = System.nanoTime();
          connector.destroyForcibly(); // SIGKILL
          var down = await("\"to\":\"down\"", Duration.ofSeconds(60), api, token, webhookId);
          long ms = (down.nanos() - killed) / 1_000_000;
          latencies.add(ms);
          System.out.printf("run %2d: %5d ms%n", run, ms);
        } finally {
          connector.destroyForcibly();
          connector.waitFor(10, TimeUnit.SECONDS);
        }
      }
      var sorted = new ArrayList<>(latencies);
      sorted.sort(Long::compare);
      System.out.printf(
          "SIGKILL of the connector to the tunnel.health_changed (down) webhook, %d runs, %d connections: p50 %d ms, p99 %d ms, max %d ms, min %d ms%n",
          runs, ha, at(sorted, 0.5), at(sorted, 0.99), sorted.get(sorted.size() - 1), sorted.get(0));
    } finally {
      send(token(keycloak), "DELETE", api + "/v1/webhooks/" + webhookId, null);
      send(token(keycloak), "DELETE", api + "/v1/tunnels/" + tunnel + "?force=true", null);
      receiver.stop(0);
    }
  }

  /** The next webhook whose body contains {@code text}; fails on a bad signature or a refused delivery. */
  static Arrival await(String text, Duration timeout, String api, String token, String webhookId) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      var arrival = ARRIVALS.poll(200, TimeUnit.MILLISECONDS);
      if (arrival == null) {
        var log = send(token, "GET", api + "/v1/webhooks/" + webhookId + "/deliveries?limit=1", null);
        if (log.contains("\"outcome\":\"refused\"")) {
          throw new IllegalStateException("the api-service refuses loopback destinations: start the platform with OUTPOST_WEBHOOKS_ALLOW_PRIVATE_DESTINATIONS=true");
        }
        continue;
      }
      if (!arrival.verified()) {
        throw new IllegalStateException("a webhook whose signature does not verify: " + arrival.body());
      }
      if (arrival.body().contains(text)) {
        return arrival;
      }
    }
    throw new IllegalStateException("no webhook with " + text + " within " + timeout);
  }

  /** Standard Webhooks: base64 HMAC-SHA256 of id.timestamp.body, keyed with the bytes after whsec_. */
  static boolean verify(String id, String timestamp, byte[] body, String header) {
    try {
      var mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(6)), "HmacSHA256"));
      mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
      var expected = mac.doFinal(body);
      for (var signature : header.split(" ")) {
        if (signature.startsWith("v1,") && MessageDigest.isEqual(expected, Base64.getDecoder().decode(signature.substring(3)))) {
          return true;
        }
      }
    } catch (Exception e) {
      return false;
    }
    return false;
  }

  static long at(List<Long> sorted, double quantile) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1));
  }

  static String token(String keycloak) throws Exception {
    var response = HTTP.send(
        HttpRequest.newBuilder(URI.create(keycloak + "/realms/outpost/protocol/openid-connect/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=outpost-cli&username=alice&password=outpost"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    return field(response.body(), "access_token");
  }

  static String send(String token, String method, String url, String body) throws Exception {
    var request = HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
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

  static String option(String[] args, String name, String fallback) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }
}
