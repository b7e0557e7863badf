package dev.outpost.access.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser as far as a login needs one: follows nothing by itself (each redirect is a step the
 * test looks at), keeps cookies per host and port, and posts Keycloak's real login form. Addresses
 * under the access-service's public URL are sent to the test instance.
 */
public final class Browser {

  private static final Pattern FORM_ACTION =
      Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");
  private static final Pattern ANY_FORM_ACTION = Pattern.compile("<form[^>]*action=\"([^\"]+)\"");

  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final Map<String, Map<String, String>> cookies = new HashMap<>();
  private final String publicUrl;
  private final String testUrl;

  /**
   * @param publicUrl the access-service's configured public URL
   * @param testUrl where the test instance listens
   */
  public Browser(String publicUrl, String testUrl) {
    this.publicUrl = strip(publicUrl);
    this.testUrl = strip(testUrl);
  }

  public HttpResponse<String> get(String url) {
    return send(HttpRequest.newBuilder(target(url)).GET());
  }

  public HttpResponse<String> post(String url, Map<String, String> form) {
    var body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return send(
        HttpRequest.newBuilder(target(url))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** Posts the login form of a Keycloak login page. */
  public HttpResponse<String> logIn(HttpResponse<String> loginPage, String user, String password) {
    var matcher = FORM_ACTION.matcher(loginPage.body());
    if (!matcher.find()) {
      matcher = ANY_FORM_ACTION.matcher(loginPage.body());
      if (!matcher.find()) {
        throw new AssertionError("no login form in: " + loginPage.body());
      }
    }
    var action = matcher.group(1).replace("&amp;", "&");
    var form = new LinkedHashMap<String, String>();
    form.put("username", user);
    form.put("password", password);
    form.put("credentialId", "");
    return post(action, form);
  }

  /** The Location of a redirect. */
  public static String location(HttpResponse<String> response) {
    return response
        .headers()
        .firstValue("Location")
        .orElseThrow(
            () ->
                new AssertionError(
                    "no redirect: " + response.statusCode() + " " + response.body()));
  }

  /** A cookie this browser holds for the host and port of {@code url}. */
  public String cookie(String url, String name) {
    return cookies.getOrDefault(key(target(url)), Map.of()).get(name);
  }

  public void setCookie(String url, String name, String value) {
    cookies.computeIfAbsent(key(target(url)), k -> new HashMap<>()).put(name, value);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    var built = request.build();
    var jar = cookies.computeIfAbsent(key(built.uri()), k -> new HashMap<>());
    var withCookies = HttpRequest.newBuilder(built, (n, v) -> true);
    if (!jar.isEmpty()) {
      withCookies.header(
          "Cookie",
          jar.entrySet().stream()
              .map(e -> e.getKey() + "=" + e.getValue())
              .collect(Collectors.joining("; ")));
    }
    HttpResponse<String> response;
    try {
      response = http.send(withCookies.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError("request failed: " + built.uri(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    for (var header : response.headers().allValues("Set-Cookie")) {
      var pair = header.split(";", 2)[0];
      int eq = pair.indexOf('=');
      var name = pair.substring(0, eq).trim();
      var value = pair.substring(eq + 1).trim();
      var lower = header.toLowerCase();
      if (value.isEmpty() || lower.contains("max-age=0")) {
        jar.remove(name);
      } else {
        jar.put(name, value);
      }
    }
    return response;
  }

  private URI target(String url) {
    return URI.create(
        url.startsWith(publicUrl) ? testUrl + url.substring(publicUrl.length()) : url);
  }

  private static String key(URI uri) {
    return uri.getHost() + ":" + uri.getPort();
  }

  private static String strip(String url) {
    return url.replaceAll("/+$", "");
  }
}
