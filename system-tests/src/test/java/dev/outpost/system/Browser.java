package dev.outpost.system;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser as far as the access flow needs one: sends {@code Accept: text/html}, keeps cookies per
 * host and port (honouring Max-Age=0 and Path), follows redirects when asked and posts Keycloak's
 * login form. Hosts under {@code .example} (the tenants' zones) are sent to the edge on loopback
 * with their own Host header, as DNS would.
 */
final class Browser {

  private static final Pattern LOGIN_FORM =
      Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  // host:port -> cookie name -> {value, path}
  private final Map<String, Map<String, String[]>> cookies = new HashMap<>();

  /** Every URL requested, in order. */
  final List<String> visited = new ArrayList<>();

  HttpResponse<String> get(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).GET(), URI.create(url));
  }

  /** Requests {@code url} and follows redirects until an answer that is not one. */
  HttpResponse<String> open(String url) {
    var response = get(url);
    for (int hops = 0; isRedirect(response) && hops < 20; hops++) {
      response = get(location(response));
    }
    return response;
  }

  /** Follows redirects from {@code response} until an answer that is not one. */
  HttpResponse<String> follow(HttpResponse<String> response) {
    var current = response;
    for (int hops = 0; isRedirect(current) && hops < 20; hops++) {
      current = get(location(current));
    }
    return current;
  }

  /** Posts the Keycloak login form on {@code page}, then follows the redirects. */
  HttpResponse<String> logIn(HttpResponse<String> page, String user, String password) {
    var matcher = LOGIN_FORM.matcher(page.body());
    if (!matcher.find()) {
      throw new AssertionError("no Keycloak login form at " + page.uri() + ": " + page.body());
    }
    var action = URI.create(matcher.group(1).replace("&amp;", "&"));
    var form =
        Map.of("username", user, "password", password, "credentialId", "").entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    var posted =
        send(
            HttpRequest.newBuilder(action)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)),
            action);
    return follow(posted);
  }

  /** The value of a cookie held for the host and port of {@code url}, or null. */
  String cookie(String url, String name) {
    var held = cookies.getOrDefault(key(URI.create(url)), Map.of()).get(name);
    return held == null ? null : held[0];
  }

  static boolean isRedirect(HttpResponse<?> response) {
    return response.statusCode() >= 300 && response.statusCode() < 400;
  }

  static String location(HttpResponse<?> response) {
    var location =
        response
            .headers()
            .firstValue("Location")
            .orElseThrow(() -> new AssertionError("a redirect without Location"));
    return response.uri().resolve(location).toString();
  }

  private HttpResponse<String> send(HttpRequest.Builder request, URI url) {
    visited.add(url.toString());
    var builder = request.header("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8");
    if (url.getHost().endsWith(".example")) {
      // DNS for the tenants' zones: the edge on loopback.
      builder
          .uri(
              URI.create(
                  url.getScheme()
                      + "://127.0.0.1:"
                      + url.getPort()
                      + url.getRawPath()
                      + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery())))
          .header("Host", url.getHost() + ":" + url.getPort());
    }
    var jar = cookies.computeIfAbsent(key(url), k -> new HashMap<>());
    var path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    var sent =
        jar.entrySet().stream()
            .filter(e -> path.startsWith(e.getValue()[1]))
            .map(e -> e.getKey() + "=" + e.getValue()[0])
            .collect(Collectors.joining("; "));
    if (!sent.isEmpty()) {
      builder.header("Cookie", sent);
    }
    HttpResponse<String> response;
    try {
      response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError("request failed: " + url, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    for (var header : response.headers().allValues("Set-Cookie")) {
      var parts = header.split(";");
      int eq = parts[0].indexOf('=');
      var name = parts[0].substring(0, eq).trim();
      var value = parts[0].substring(eq + 1).trim();
      var cookiePath = "/";
      boolean expired = value.isEmpty();
      for (var attribute : parts) {
        var a = attribute.trim().toLowerCase();
        if (a.startsWith("path=")) {
          cookiePath = attribute.trim().substring(5);
        }
        expired |= a.equals("max-age=0");
      }
      if (expired) {
        jar.remove(name);
      } else {
        jar.put(name, new String[] {value, cookiePath});
      }
    }
    // The response's uri is what the test asked for, not the loopback rewrite.
    return new Rewritten(response, url);
  }

  private static String key(URI uri) {
    return uri.getHost() + ":" + uri.getPort();
  }

  /** A response that reports the URL as the browser saw it. */
  private record Rewritten(HttpResponse<String> response, URI uri) implements HttpResponse<String> {
    @Override
    public int statusCode() {
      return response.statusCode();
    }

    @Override
    public HttpRequest request() {
      return response.request();
    }

    @Override
    public java.util.Optional<HttpResponse<String>> previousResponse() {
      return response.previousResponse();
    }

    @Override
    public java.net.http.HttpHeaders headers() {
      return response.headers();
    }

    @Override
    public String body() {
      return response.body();
    }

    @Override
    public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
      return response.sslSession();
    }

    @Override
    public HttpClient.Version version() {
      return response.version();
    }
  }
}
