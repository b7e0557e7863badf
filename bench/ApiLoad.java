import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Load against a running platform's API (./outpost start): N concurrent clients, each sending one
 * request after the other for a while, first POST /v1/tunnels, then GET /v1/tunnels. Prints
 * throughput and latency percentiles. Run it as a single-file program:
 *
 * <pre>java bench/ApiLoad.java [--concurrency 50] [--seconds 30] [--warmup 10]</pre>
 *
 * Not a test: figures depend on the machine, and the load generator shares it with the platform.
 */
public class ApiLoad {

  public static void main(String[] args) throws Exception {
    var api = option(args, "--api", "http://localhost:8080");
    var keycloak = option(args, "--keycloak", "http://localhost:18080");
    var user = option(args, "--user", "alice");
    int concurrency = Integer.parseInt(option(args, "--concurrency", "50"));
    int seconds = Integer.parseInt(option(args, "--seconds", "30"));
    int warmup = Integer.parseInt(option(args, "--warmup", "10"));

    var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    var token = token(http, keycloak, user);
    var prefix = "load-" + UUID.randomUUID().toString().substring(0, 6) + "-";
    var counter = new AtomicLong();

    Request create =
        () ->
            HttpRequest.newBuilder(URI.create(api + "/v1/tunnels"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"" + prefix + counter.incrementAndGet() + "\"}"))
                .build();
    Request list =
        () ->
            HttpRequest.newBuilder(URI.create(api + "/v1/tunnels?limit=50"))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build();

    System.out.printf("%d concurrent clients, %d s warm-up, %d s measured per endpoint%n", concurrency, warmup, seconds);
    run(http, "warm-up", list, concurrency, warmup, 200, false);
    run(http, "POST /v1/tunnels", create, concurrency, seconds, 201, true);
    run(http, "GET /v1/tunnels?limit=50", list, concurrency, seconds, 200, true);
  }

  interface Request {
    HttpRequest build();
  }

  static void run(
      HttpClient http, String name, Request request, int concurrency, int seconds, int expected, boolean report)
      throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    var perClient = new ArrayList<long[]>();
    var counts = new long[concurrency];
    var errors = new AtomicLong();
    for (int i = 0; i < concurrency; i++) {
      perClient.add(new long[1 << 20]);
    }
    long started = System.nanoTime();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < concurrency; c++) {
        int client = c;
        pool.submit(
            () -> {
              var latencies = perClient.get(client);
              while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                try {
                  var response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
                  if (response.statusCode() != expected) {
                    errors.incrementAndGet();
                  }
                } catch (Exception e) {
                  errors.incrementAndGet();
                }
                if (counts[client] < latencies.length) {
                  latencies[(int) counts[client]] = System.nanoTime() - t0;
                }
                counts[client]++;
              }
              return null;
            });
      }
    }
    double elapsed = (System.nanoTime() - started) / 1e9;
    if (!report) {
      return;
    }
    long total = Arrays.stream(counts).sum();
    var all = new long[(int) Math.min(total, Integer.MAX_VALUE - 8)];
    int k = 0;
    for (int c = 0; c < concurrency; c++) {
      int n = (int) Math.min(counts[c], perClient.get(c).length);
      System.arraycopy(perClient.get(c), 0, all, k, n);
      k += n;
    }
    var sorted = Arrays.copyOf(all, k);
    Arrays.sort(sorted);
    System.out.printf(
        "%-26s %8d requests %6d errors %9.0f req/s   p50 %6.1f ms  p90 %6.1f ms  p99 %6.1f ms  max %7.1f ms%n",
        name, total, errors.get(), total / elapsed, ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99),
        sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
  }

  static double ms(long[] sorted, double quantile) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] / 1e6;
  }

  static String token(HttpClient http, String keycloak, String user) throws Exception {
    var form =
        "grant_type=password&client_id=outpost-cli&username="
            + URLEncoder.encode(user, StandardCharsets.UTF_8)
            + "&password=outpost";
    var response =
        http.send(
            HttpRequest.newBuilder(URI.create(keycloak + "/realms/outpost/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    var matcher = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
    if (!matcher.find()) {
      throw new IllegalStateException("no token from Keycloak: " + response.body());
    }
    return matcher.group(1);
  }

  static String option(String[] args, String name, String fallback) {
    var list = List.of(args);
    int i = list.indexOf(name);
    return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
  }
}
