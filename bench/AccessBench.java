import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * What access control costs, on a running platform (./outpost start) with a built connector:
 *
 * <ol>
 *   <li>policy change to effect: an application whose first policy flips between bypass and deny
 *       through the access-service's API; each change is timed from the API call until the edge
 *       answers accordingly (200 or 403). p50/p90/p99 over --changes (50).
 *   <li>requests per second through the tunnel, same run, same origin: an unprotected host vs a
 *       protected one with a valid session (the real login: Keycloak's form as alice), each for
 *       --seconds (10) with --concurrency (32) clients, alternated --rounds (3) times after 5 s of
 *       warm-up each.
 * </ol>
 *
 * <pre>java bench/AccessBench.java [--changes 50] [--seconds 10] [--concurrency 32] [--rounds 3]
 *     [--api http://localhost:8080] [--access http://localhost:8081]
 *     [--keycloak http://localhost:18080] [--edge localhost:7844] [--public 8000]
 *     [--edge-ca .outpost/tls/edge-ca.pem]</pre>
 */
public class AccessBench {

  static {
    // The tenants' hosts are sent to the edge on loopback with their own Host header.
    System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
  }

  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final Pattern LOGIN_FORM =
      Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

  public static void main(String[] args) throws Exception {
    int changes = Integer.parseInt(option(args, "--changes", "50"));
    int seconds = Integer.parseInt(option(args, "--seconds", "10"));
    int concurrency = Integer.parseInt(option(args, "--concurrency", "32"));
    int rounds = Integer.parseInt(option(args, "--rounds", "3"));
    var api = option(args, "--api", "http://localhost:8080");
    var access = option(args, "--access", "http://localhost:8081");
    var keycloak = option(args, "--keycloak", "http://localhost:18080");
    var edge = option(args, "--edge", "localhost:7844");
    int publicPort = Integer.parseInt(option(args, "--public", "8000"));
    var home = Path.of(option(args, "--home", ".")).toAbsolutePath();
    int metricsPort = Integer.parseInt(option(args, "--metrics-port", "20242"));
    var edgeCa = option(args, "--edge-ca", home.resolve(".outpost/tls/edge-ca.pem").toString());

    var origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    var hello = "hello".getBytes(StandardCharsets.UTF_8);
    origin.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(200, hello.length);
          exchange.getResponseBody().write(hello);
          exchange.close();
        });
    origin.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    origin.start();

    var token = token(keycloak);
    var suffix = UUID.randomUUID().toString().substring(0, 6);
    var created =
        send(token, "POST", api + "/v1/tunnels", "{\"name\":\"access-bench-" + suffix + "\",\"configSource\":\"remote\"}");
    var tunnel = field(created, "id");
    send(
        token,
        "PUT",
        api + "/v1/tunnels/" + tunnel + "/configuration",
        "{\"config\":{\"ingress\":[{\"service\":\"http://127.0.0.1:" + origin.getAddress().getPort() + "\"}]}}");
    var open = "bench-open-" + suffix + ".acme.example";
    var wiki = "bench-wiki-" + suffix + ".acme.example";
    var flip = "bench-flip-" + suffix + ".acme.example";
    for (var host : List.of(open, wiki, flip)) {
      send(token, "POST", api + "/v1/routes", "{\"hostname\":\"" + host + "\",\"tunnelId\":\"" + tunnel + "\"}");
    }
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var connector =
        new ProcessBuilder(
                java, "-jar", home.resolve("connector/target/connector.jar").toString(), "tunnel", "run",
                "--token", field(created, "token"), "--edge", edge,
                "--edge-ca", edgeCa,
                "--ha-connections", "1", "--metrics", "127.0.0.1:" + metricsPort)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    var applications = new ArrayList<String>();
    try {
      waitFor(() -> status(publicPort, open, null) == 200, Duration.ofSeconds(60), "the tunnel to serve " + open);

      // 1. Policy change to effect at the edge.
      var flipApp = field(send(token, "POST", access + "/v1/applications", "{\"name\":\"flip\",\"hostname\":\"" + flip + "\"}"), "id");
      applications.add(flipApp);
      var policy =
          field(send(token, "POST", access + "/v1/applications/" + flipApp + "/policies", policyBody("bypass")), "id");
      waitFor(() -> status(publicPort, flip, null) == 200, Duration.ofSeconds(30), "the edge to take the application");
      var latencies = new ArrayList<Long>();
      for (int i = 1; i <= changes; i++) {
        var action = i % 2 == 1 ? "deny" : "bypass";
        int expected = action.equals("deny") ? 403 : 200;
        long start = System.nanoTime();
        send(token, "PUT", access + "/v1/applications/" + flipApp + "/policies/" + policy, policyBody(action));
        while (status(publicPort, flip, null) != expected) {
          if (System.nanoTime() - start > Duration.ofSeconds(30).toNanos()) {
            throw new IllegalStateException("change " + i + " did not reach the edge within 30 s");
          }
        }
        latencies.add((System.nanoTime() - start) / 1_000_000);
      }
      latencies.sort(Long::compare);
      System.out.printf(
          "policy change, access-service API call to the edge enforcing it, %d changes: p50 %d ms, p90 %d ms, p99 %d ms, max %d ms%n",
          changes, at(latencies, 0.5), at(latencies, 0.9), at(latencies, 0.99), latencies.getLast());

      // 2. Throughput: unprotected vs protected with a session.
      var wikiApp = field(send(token, "POST", access + "/v1/applications", "{\"name\":\"wiki\",\"hostname\":\"" + wiki + "\"}"), "id");
      applications.add(wikiApp);
      send(
          token,
          "POST",
          access + "/v1/applications/" + wikiApp + "/policies",
          "{\"name\":\"staff\",\"action\":\"allow\",\"include\":[{\"type\":\"email_domain\",\"value\":\"acme.example\"}]}");
      waitFor(() -> status(publicPort, wiki, null) == 401, Duration.ofSeconds(30), "the edge to protect " + wiki);
      var session = logIn(publicPort, wiki, "alice", "outpost");
      var cookie = "Outpost_Authorization=" + session;
      if (status(publicPort, wiki, cookie) != 200) {
        throw new IllegalStateException("the session does not open " + wiki);
      }
      System.out.printf(
          "requests/s through the tunnel (%s), %d connections, %d s each:%n",
          WRK ? "wrk, 2 threads" : "JDK client", concurrency, seconds);
      load(publicPort, open, null, concurrency, 5); // warm-up
      load(publicPort, wiki, cookie, concurrency, 5);
      for (int round = 1; round <= rounds; round++) {
        // The middle one sends the session cookie to the unprotected host, where it passes to the
        // origin: the same bytes on every hop as the protected request, without the gate's work.
        System.out.printf(
            "  round %d: unprotected %,.0f req/s, unprotected with the same cookie %,.0f req/s, protected with a session %,.0f req/s%n",
            round,
            load(publicPort, open, null, concurrency, seconds),
            load(publicPort, open, cookie, concurrency, seconds),
            load(publicPort, wiki, cookie, concurrency, seconds));
      }
    } finally {
      connector.destroy();
      for (var app : applications) {
        send(token, "DELETE", access + "/v1/applications/" + app, null);
      }
      send(token, "DELETE", api + "/v1/tunnels/" + tunnel + "?force=true", null);
      origin.stop(0);
    }
  }

  static String policyBody(String action) {
    return "{\"name\":\"flip\",\"action\":\"" + action + "\",\"include\":[{\"type\":\"everyone\"}]}";
  }

  /**
   * Requests per second for {@code seconds} with {@code concurrency} connections on one host: with
   * wrk when it is installed (2 threads; a cheap load generator leaves more of a small machine to
   * the platform), else with the JDK's client on virtual threads.
   */
  static double load(int port, String host, String cookie, int concurrency, int seconds) throws Exception {
    if (WRK) {
      return wrk(port, host, cookie, concurrency, seconds);
    }
    var done = new AtomicLong();
    var failed = new AtomicLong();
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    var client = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    var request = request(port, host, cookie);
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < concurrency; i++) {
        threads.submit(
            () -> {
              while (System.nanoTime() < end) {
                try {
                  if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    done.incrementAndGet();
                  } else {
                    failed.incrementAndGet();
                  }
                } catch (Exception e) {
                  failed.incrementAndGet();
                }
              }
              return null;
            });
      }
    }
    if (failed.get() > 0) {
      System.out.printf("  (%d requests to %s failed)%n", failed.get(), host);
    }
    return done.get() / (double) seconds;
  }

  static final boolean WRK =
      java.util.stream.Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
          .anyMatch(dir -> java.nio.file.Files.isExecutable(Path.of(dir, "wrk")));

  static double wrk(int port, String host, String cookie, int connections, int seconds) throws Exception {
    var command = new ArrayList<>(List.of("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "-H", "Host: " + host + ":" + port));
    if (cookie != null) {
      command.addAll(List.of("-H", "Cookie: " + cookie));
    }
    command.add("http://127.0.0.1:" + port + "/");
    var process = new ProcessBuilder(command).redirectErrorStream(true).start();
    var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    var errors = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(output);
    if (errors.find()) {
      System.out.printf("  (%s requests to %s were not 2xx)%n", errors.group(1), host);
    }
    var rate = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(output);
    if (!rate.find()) {
      throw new IllegalStateException("wrk said: " + output);
    }
    return Double.parseDouble(rate.group(1));
  }

  /**
   * The real login as {@code user}: edge, access-service, Keycloak's form; returns the session
   * token. Cookies are kept by hand: Keycloak marks its cookies Secure, which the JDK's cookie
   * manager then withholds over plain http, as no browser does on localhost.
   */
  static String logIn(int port, String host, String user, String password) throws Exception {
    var browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    var jar = new java.util.HashMap<String, java.util.Map<String, String>>();
    var url = URI.create("http://127.0.0.1:" + port + "/");
    HttpRequest.Builder next =
        HttpRequest.newBuilder(url).header("Host", host + ":" + port).header("Accept", "text/html");
    for (int hops = 0; hops < 12; hops++) {
      var cookies = jar.computeIfAbsent(url.getAuthority(), k -> new java.util.HashMap<>());
      if (!cookies.isEmpty()) {
        next.header("Cookie", String.join("; ", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
      }
      var response = browser.send(next.build(), HttpResponse.BodyHandlers.ofString());
      for (var header : response.headers().allValues("Set-Cookie")) {
        var pair = header.split(";", 2)[0];
        int eq = pair.indexOf('=');
        cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
      }
      var location = response.headers().firstValue("Location").orElse(null);
      if (location == null) {
        var form = LOGIN_FORM.matcher(response.body());
        if (!form.find()) {
          throw new IllegalStateException("no login form: " + response.statusCode() + " " + response.body());
        }
        url = URI.create(form.group(1).replace("&amp;", "&"));
        next =
            HttpRequest.newBuilder(url)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                    "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                        + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)
                        + "&credentialId="));
        continue;
      }
      url = url.resolve(location);
      if (url.getRawPath().equals("/.outpost/authorized")) {
        // Where the edge would set the cookie: its value is the token.
        for (var pair : url.getRawQuery().split("&")) {
          if (pair.startsWith("token=")) {
            return URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
          }
        }
      }
      next = HttpRequest.newBuilder(url);
    }
    throw new IllegalStateException("the login did not come back to the application");
  }

  static HttpRequest request(int port, String host, String cookie) {
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
            .header("Host", host + ":" + port);
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return request.build();
  }

  static int status(int port, String host, String cookie) {
    try {
      return HTTP.send(request(port, host, cookie), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  static long at(List<Long> sorted, double q) {
    return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1));
  }

  static void waitFor(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
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
