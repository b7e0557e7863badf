import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * How long the portal takes to render each of its pages for a tenant with many tunnels, against a
 * running platform (./outpost start). It makes sure the tenant has --tunnels tunnels (creating
 * what is missing through the API, and giving one of them a configuration and a hostname), signs
 * in at the portal through Keycloak's login form like a browser, then loads every page: the first
 * load of each (the "first render": nothing of that page cached, on a portal that may never have
 * served it), then --rounds more for the median and the 95th percentile. A page is timed from the
 * request to the last byte of its HTML. Single-file program:
 *
 * <pre>java bench/PortalPages.java [--portal http://localhost:8083] [--tunnels 200] [--rounds 30]</pre>
 *
 * Not a test: figures depend on the machine, shared here by the whole platform and this client.
 */
public class PortalPages {

  private static final Pattern LOGIN_FORM =
      Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
  private static final Pattern NEXT = Pattern.compile("\"nextCursor\"\\s*:\\s*\"([^\"]+)\"");

  public static void main(String[] args) throws Exception {
    var portal = option(args, "--portal", "http://localhost:8083");
    var api = option(args, "--api", "http://localhost:8080");
    var access = option(args, "--access", "http://localhost:8081");
    var keycloak = option(args, "--keycloak", "http://localhost:18080");
    var user = option(args, "--user", "alice");
    int wanted = Integer.parseInt(option(args, "--tunnels", "200"));
    int rounds = Integer.parseInt(option(args, "--rounds", "30"));

    var plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    var token = token(plain, keycloak, user);
    var tunnels = ensureTunnels(plain, api, token, wanted);
    var tunnel = tunnels.get(0);
    var app = firstApplication(plain, access, token);
    var webhook = first(plain, api + "/v1/webhooks?limit=1", token);

    var browser = new Browser(plain);
    logIn(browser, portal, user);

    var pages = new LinkedHashMap<String, String>();
    pages.put("tunnels list", "/tunnels");
    pages.put("tunnels list, badges fragment", "/tunnels/status");
    pages.put("tunnel page", "/tunnels/" + tunnel);
    pages.put("tunnel page, live fragment", "/tunnels/" + tunnel + "/live");
    pages.put("ingress rules editor", "/tunnels/" + tunnel + "/ingress");
    pages.put("create a tunnel", "/tunnels/new");
    pages.put("access applications", "/access/applications");
    if (app != null) {
      pages.put("application and policies", "/access/applications/" + app);
    }
    pages.put("service tokens", "/access/service-tokens");
    pages.put("access log", "/access/log");
    pages.put("webhooks", "/webhooks");
    if (webhook != null) {
      pages.put("webhook deliveries", "/webhooks/" + webhook);
    }
    pages.put("API tokens", "/api-tokens");
    pages.put("audit log", "/audit");

    System.out.printf(
        "%s with %d tunnels in tenant of %s; first load of each page, then %d more%n%n",
        portal, tunnels.size(), user, rounds);
    System.out.printf("| %-30s | %8s | %8s | %8s | %8s | %7s |%n", "page", "first", "p50", "p95", "max", "KiB");
    System.out.printf("|%s|%s|%s|%s|%s|%s|%n", "-".repeat(32), "-".repeat(10), "-".repeat(10), "-".repeat(10), "-".repeat(10), "-".repeat(9));
    for (var page : pages.entrySet()) {
      var first = load(browser, portal + page.getValue());
      var times = new ArrayList<Double>();
      for (int i = 0; i < rounds; i++) {
        times.add(load(browser, portal + page.getValue()).millis());
      }
      times.sort(Double::compare);
      System.out.printf(
          "| %-30s | %5.0f ms | %5.0f ms | %5.0f ms | %5.0f ms | %7.1f |%n",
          page.getKey(),
          first.millis(),
          percentile(times, 50),
          percentile(times, 95),
          times.get(times.size() - 1),
          first.bytes() / 1024.0);
    }
  }

  record Load(double millis, int bytes) {}

  static Load load(Browser browser, String url) throws Exception {
    long start = System.nanoTime();
    var response = browser.send(HttpRequest.newBuilder(URI.create(url)).GET());
    double millis = (System.nanoTime() - start) / 1e6;
    if (response.statusCode() != 200) {
      throw new IllegalStateException(url + " answered " + response.statusCode() + ": not signed in?");
    }
    return new Load(millis, response.body().getBytes(StandardCharsets.UTF_8).length);
  }

  /**
   * Cookies as a browser keeps them for http://localhost (whatever the port, Secure or not: the
   * local platform has no TLS), and redirects followed by hand, so that they carry the cookies.
   */
  static final class Browser {
    private final HttpClient http;
    private final java.util.Map<String, String> cookies = new java.util.LinkedHashMap<>();

    Browser(HttpClient http) {
      this.http = http;
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
      var response = once(request);
      for (int hops = 0; response.statusCode() / 100 == 3 && hops < 10; hops++) {
        var next = response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
        response = once(HttpRequest.newBuilder(next).GET());
      }
      return response;
    }

    private HttpResponse<String> once(HttpRequest.Builder request) throws Exception {
      if (!cookies.isEmpty()) {
        var header = new StringBuilder();
        cookies.forEach((name, value) -> header.append(header.isEmpty() ? "" : "; ").append(name).append('=').append(value));
        request.header("Cookie", header.toString());
      }
      var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      for (var cookie : response.headers().allValues("Set-Cookie")) {
        var pair = cookie.split(";", 2)[0];
        int eq = pair.indexOf('=');
        var value = pair.substring(eq + 1);
        if (value.isEmpty() || cookie.toLowerCase().contains("max-age=0")) {
          cookies.remove(pair.substring(0, eq));
        } else {
          cookies.put(pair.substring(0, eq), value);
        }
      }
      return response;
    }
  }

  static double percentile(List<Double> sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  /** Signs in as a browser does: the portal sends it to Keycloak's form, which sends it back. */
  static void logIn(Browser browser, String portal, String user) throws Exception {
    var page = browser.send(HttpRequest.newBuilder(URI.create(portal + "/tunnels")));
    var form = LOGIN_FORM.matcher(page.body());
    if (!form.find()) {
      throw new IllegalStateException("no Keycloak login form at " + page.uri());
    }
    var action = URI.create(form.group(1).replace("&amp;", "&"));
    var body = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password=outpost&credentialId=";
    var landed =
        browser.send(
            HttpRequest.newBuilder(action)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    if (landed.statusCode() != 200 || !landed.uri().toString().startsWith(portal)) {
      throw new IllegalStateException("sign-in ended at " + landed.uri() + " (" + landed.statusCode() + ")");
    }
  }

  /** The tenant's tunnels, topped up to {@code wanted}; the first has rules and a hostname. */
  static List<String> ensureTunnels(HttpClient http, String api, String token, int wanted) throws Exception {
    var ids = new ArrayList<String>();
    String cursor = null;
    do {
      var page = get(http, api + "/v1/tunnels?limit=200" + (cursor == null ? "" : "&cursor=" + cursor), token);
      var matcher = ID.matcher(page);
      while (matcher.find()) {
        ids.add(matcher.group(1));
      }
      var next = NEXT.matcher(page);
      cursor = next.find() ? next.group(1) : null;
    } while (cursor != null);
    var prefix = "bench-" + UUID.randomUUID().toString().substring(0, 6) + "-";
    for (int i = ids.size(); i < wanted; i++) {
      var created = send(http, "POST", api + "/v1/tunnels", token, "{\"name\":\"" + prefix + i + "\",\"configSource\":\"remote\"}");
      var matcher = ID.matcher(created);
      if (!matcher.find()) {
        throw new IllegalStateException("no tunnel created: " + created);
      }
      ids.add(matcher.group(1));
      if (i == 0) {
        var host = prefix + "0.acme.example";
        send(http, "PUT", api + "/v1/tunnels/" + matcher.group(1) + "/configuration", token,
            "{\"config\":{\"ingress\":[{\"hostname\":\"" + host + "\",\"service\":\"http://localhost:3000\"},{\"service\":\"http_status:404\"}]}}");
        send(http, "POST", api + "/v1/routes", token, "{\"hostname\":\"" + host + "\",\"tunnelId\":\"" + matcher.group(1) + "\"}");
      }
    }
    return ids;
  }

  static String firstApplication(HttpClient http, String access, String token) throws Exception {
    return first(http, access + "/v1/applications?limit=1", token);
  }

  static String first(HttpClient http, String url, String token) throws Exception {
    var matcher = ID.matcher(get(http, url, token));
    return matcher.find() ? matcher.group(1) : null;
  }

  static String get(HttpClient http, String url, String token) throws Exception {
    return send(http, "GET", url, token, null);
  }

  static String send(HttpClient http, String method, String url, String token, String json) throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  static String token(HttpClient http, String keycloak, String user) throws Exception {
    var form = "grant_type=password&client_id=outpost-cli&username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password=outpost";
    var response =
        http.send(
            HttpRequest.newBuilder(URI.create(keycloak + "/realms/outpost/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    var matcher = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
    if (!matcher.find()) {
      throw new IllegalStateException("Keycloak gave no token: " + response.body());
    }
    return matcher.group(1);
  }

  static String option(String[] args, String name, String fallback) {
    int at = Arrays.asList(args).indexOf(name);
    return at >= 0 && at + 1 < args.length ? args[at + 1] : fallback;
  }
}
