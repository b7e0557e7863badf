package dev.outpost.portal.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A browser as far as signing in at the portal needs one: keeps cookies (localhost, any port, as a
 * browser does over plain HTTP), follows redirects itself and posts Keycloak's real login form.
 * Every Set-Cookie header it got is kept for tests of the cookies' attributes.
 */
public final class SignIn {

  private static final Pattern LOGIN_FORM =
      Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final Map<String, String> cookies = new LinkedHashMap<>();

  /** Every Set-Cookie header received, in order. */
  public final List<String> setCookies = new ArrayList<>();

  /** Signs {@code user} in through {@code portal}'s login redirect; the page they land on. */
  public static SignIn as(String portal, String user) throws IOException, InterruptedException {
    var browser = new SignIn();
    var loginPage = browser.get(portal + "/tunnels/new");
    var form = LOGIN_FORM.matcher(loginPage.body());
    if (!form.find()) {
      throw new AssertionError("no Keycloak login form at " + loginPage.uri());
    }
    var landed =
        browser.follow(
            browser.send(
                HttpRequest.newBuilder(URI.create(form.group(1).replace("&amp;", "&")))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "username="
                                + URLEncoder.encode(user, StandardCharsets.UTF_8)
                                + "&password=outpost&credentialId="))));
    if (!landed.uri().toString().startsWith(portal)) {
      throw new AssertionError("the sign-in ended at " + landed.uri() + ": " + landed.body());
    }
    return browser;
  }

  /** GET, following redirects. */
  public HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return follow(send(HttpRequest.newBuilder(URI.create(url)).GET()));
  }

  /** A form POST as the browser would send it, not following the answer. */
  public HttpResponse<String> post(String url, String form)
      throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form)));
  }

  public String cookie(String name) {
    return cookies.get(name);
  }

  private HttpResponse<String> follow(HttpResponse<String> response)
      throws IOException, InterruptedException {
    var current = response;
    for (int hops = 0; current.statusCode() / 100 == 3 && hops < 10; hops++) {
      var next = current.uri().resolve(current.headers().firstValue("Location").orElseThrow());
      current = send(HttpRequest.newBuilder(next).GET());
    }
    return current;
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    if (!cookies.isEmpty()) {
      var header = new StringBuilder();
      cookies.forEach(
          (name, value) ->
              header.append(header.isEmpty() ? "" : "; ").append(name).append('=').append(value));
      request.header("Cookie", header.toString());
    }
    var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    for (var cookie : response.headers().allValues("Set-Cookie")) {
      setCookies.add(cookie);
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
