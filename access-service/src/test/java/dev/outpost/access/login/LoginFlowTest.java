package dev.outpost.access.login;

import static dev.outpost.access.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.outpost.access.support.Api;
import dev.outpost.access.support.Browser;
import dev.outpost.access.support.Tenants;
import dev.outpost.access.token.AccessTokenVerifier;
import dev.outpost.access.token.Verification.Verified;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The browser flow against the real Keycloak: /login, Keycloak's own login form, /callback, and the
 * hand-off to the edge with a token that verifies with the published JWKS.
 */
@QuarkusTest
class LoginFlowTest {

  static String publicUrl() {
    return ConfigProvider.getConfig()
        .getValue("outpost.access.public-url", String.class)
        .replaceAll("/+$", "");
  }

  static Browser browser() {
    return new Browser(publicUrl(), "http://localhost:" + RestAssured.port);
  }

  /** An acme application that lets in acme.example addresses, with a 1-hour session. */
  static Map<String, Object> acmeApplication() {
    Tenants.provision();
    var app =
        as("alice")
            .body(
                Map.of(
                    "name",
                    "Wiki",
                    "hostname",
                    Api.hostIn("acme.example"),
                    "sessionDuration",
                    3600))
            .post("/v1/applications")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .<String, Object>getMap("");
    var policy = new HashMap<String, Object>();
    policy.put("name", "Staff");
    policy.put("action", "allow");
    policy.put("include", List.of(Map.of("type", "email_domain", "value", "acme.example")));
    as("alice")
        .body(policy)
        .post("/v1/applications/" + app.get("id") + "/policies")
        .then()
        .statusCode(201);
    return app;
  }

  static String loginUrl(Object applicationId, String redirect) {
    return publicUrl()
        + "/login?application="
        + applicationId
        + "&redirect="
        + URLEncoder.encode(redirect, StandardCharsets.UTF_8);
  }

  /** Logs in as {@code user} and returns the access-service's answer to the callback. */
  static HttpResponse<String> loginAs(
      Browser browser, Object applicationId, String redirect, String user) {
    var start = browser.get(loginUrl(applicationId, redirect));
    assertThat(start.statusCode()).isEqualTo(303);
    var authorize = Browser.location(start);
    assertThat(authorize)
        .contains("code_challenge_method=S256")
        .contains("code_challenge=")
        .contains("nonce=")
        .contains("client_id=outpost-access");
    var page = browser.get(authorize);
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    var afterForm = browser.logIn(page, user, "outpost");
    var callback = Browser.location(afterForm);
    assertThat(callback).startsWith(publicUrl() + "/callback?");
    return browser.get(callback);
  }

  static Map<String, String> query(URI uri) {
    var result = new HashMap<String, String>();
    for (var pair : uri.getRawQuery().split("&")) {
      var eq = pair.indexOf('=');
      result.put(
          pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return result;
  }

  @Test
  void aliceIsLetInWithATokenThatVerifiesWithThePublishedKeys() {
    var app = acmeApplication();
    var host = (String) app.get("hostname");
    var original = "https://" + host + "/docs/page?x=1";
    var browser = browser();

    var answer = loginAs(browser, app.get("id"), original, "alice");

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(303);
    var handoff = URI.create(Browser.location(answer));
    assertThat(handoff.getScheme()).isEqualTo("https");
    assertThat(handoff.getHost()).isEqualTo(host);
    assertThat(handoff.getPath()).isEqualTo("/.outpost/authorized");
    var params = query(handoff);
    assertThat(params.get("redirect")).isEqualTo(original);

    var jwks = browser.get(publicUrl() + "/.well-known/jwks.json");
    assertThat(jwks.statusCode()).isEqualTo(200);
    var verifier = AccessTokenVerifier.fromJwks(publicUrl(), jwks.body());
    var result = verifier.verify(params.get("token"), (String) app.get("audience"), Instant.now());
    assertThat(result).isInstanceOf(Verified.class);
    var identity = ((Verified) result).identity();
    assertThat(identity.email()).isEqualTo("alice@acme.example");
    assertThat(identity.groups()).containsExactly("engineering");
    assertThat(identity.identityProvider()).isEqualTo("local");
    assertThat(identity.tenantId()).isEqualTo(Tenants.ACME);
    assertThat(identity.expiresAt())
        .isCloseTo(Instant.now().plusSeconds(3600), within(30, ChronoUnit.SECONDS));
    // Another application's audience is refused: the token is for this one only.
    assertThat(verifier.verify(params.get("token"), "f".repeat(64), Instant.now()).verified())
        .isFalse();

    var log =
        as("alice")
            .queryParam("applicationId", app.get("id"))
            .get("/v1/access-log")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(log.<String>getList("items.decision")).containsExactly("login_allowed");
    assertThat(log.<String>getList("items.email")).containsExactly("alice@acme.example");
    assertThat(log.<String>getList("items.policyId")).doesNotContainNull();
  }

  @Test
  void someoneOutsideTheDomainIsToldWhoTheyAreAndMayTrySomeoneElse() {
    var app = acmeApplication();
    var original = "https://" + app.get("hostname") + "/";

    var answer = loginAs(browser(), app.get("id"), original, "erin");

    assertThat(answer.statusCode()).isEqualTo(403);
    assertThat(answer.headers().firstValue("Content-Type")).get().asString().contains("text/html");
    assertThat(answer.body())
        .contains("erin@contractor.example")
        .contains("Sign in as someone else")
        .contains("prompt=login");
    var log =
        as("alice")
            .queryParam("applicationId", app.get("id"))
            .get("/v1/access-log")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(log.<String>getList("items.decision")).containsExactly("login_denied");
    assertThat(log.<String>getList("items.email")).containsExactly("erin@contractor.example");
  }

  @Test
  void aRedirectOffTheApplicationsHostIsRefused() {
    var app = acmeApplication();
    var host = app.get("hostname");
    var browser = browser();
    for (var redirect :
        List.of(
            "https://evil.example/",
            "https://" + host + ".evil.example/",
            "https://" + host + "@evil.example/",
            "//evil.example/",
            "/relative",
            "javascript:alert(1)",
            "ftp://" + host + "/")) {
      var answer = browser.get(loginUrl(app.get("id"), redirect));
      assertThat(answer.statusCode()).as(redirect).isEqualTo(400);
      assertThat(answer.headers().firstValue("Location")).as(redirect).isEmpty();
    }
    var unknown =
        browser.get(loginUrl("00000000-0000-4000-8000-000000000000", "https://x.example/"));
    assertThat(unknown.statusCode()).isEqualTo(400);
  }

  @Test
  void aCallbackWithAnotherStateOrAForgedCookieIsRefused() {
    var app = acmeApplication();
    var browser = browser();
    var start = browser.get(loginUrl(app.get("id"), "https://" + app.get("hostname") + "/"));
    var state = query(URI.create(Browser.location(start))).get("state");
    var cookieName = "Outpost_Login_" + state;
    var sealed = browser.cookie(publicUrl(), cookieName);
    assertThat(sealed).isNotBlank();

    var wrongState = browser.get(publicUrl() + "/callback?state=not-" + state + "&code=abc");
    assertThat(wrongState.statusCode()).isEqualTo(400);
    assertThat(wrongState.body()).contains("another browser");

    // The right state's cookie under another state's name: bound to its own state.
    browser.setCookie(publicUrl(), "Outpost_Login_other", sealed);
    var swapped = browser.get(publicUrl() + "/callback?state=other&code=abc");
    assertThat(swapped.statusCode()).isEqualTo(400);
    assertThat(swapped.body()).contains("does not match");

    browser.setCookie(publicUrl(), cookieName, "A" + sealed.substring(1));
    var forged = browser.get(publicUrl() + "/callback?state=" + state + "&code=abc");
    assertThat(forged.statusCode()).isEqualTo(400);

    var noState = browser.get(publicUrl() + "/callback?code=abc");
    assertThat(noState.statusCode()).isEqualTo(400);
  }

  @Test
  void logoutEndsTheKeycloakSession() {
    var answer = browser().get(publicUrl() + "/logout");
    assertThat(answer.statusCode()).isEqualTo(303);
    assertThat(Browser.location(answer))
        .contains("/protocol/openid-connect/logout")
        .contains(
            "post_logout_redirect_uri="
                + URLEncoder.encode(publicUrl() + "/signed-out", StandardCharsets.UTF_8));
    var page = browser().get(publicUrl() + "/signed-out");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("signed out");
  }
}
