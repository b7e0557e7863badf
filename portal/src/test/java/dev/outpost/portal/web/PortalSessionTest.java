package dev.outpost.portal.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import dev.outpost.portal.support.SignIn;
import dev.outpost.testing.KeycloakResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The portal on its own, with the real Keycloak: who gets in and how, what is refused before any
 * API is called (the APIs are deliberately unreachable here: {@code %test} points the REST clients
 * at a closed port), and the headers every answer carries.
 */
@QuarkusTest
@QuarkusTestResource(KeycloakResource.class)
class PortalSessionTest {

  private static final Pattern CSRF_FIELD =
      Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"");

  @TestHTTPResource("/")
  URL root;

  @ConfigProperty(name = "quarkus.oidc.auth-server-url")
  String issuer;

  String portal() {
    return root.toString().replaceAll("/$", "");
  }

  @Test
  void anAnonymousVisitorIsSentToKeycloakWithPkceAndEveryAnswerCarriesThePolicy() {
    given()
        .redirects()
        .follow(false)
        .get("/tunnels")
        .then()
        .statusCode(302)
        .header("Location", startsWith(issuer + "/protocol/openid-connect/auth?"))
        .header("Location", containsString("client_id=outpost-portal"))
        .header("Location", containsString("code_challenge_method=S256"))
        .header("Location", containsString("redirect_uri=" + encoded(portal() + "/callback")))
        .header("Content-Security-Policy", startsWith("default-src 'none'; script-src 'self';"))
        .header("X-Frame-Options", "DENY")
        .header("Cache-Control", "no-store");
  }

  @Test
  void htmxAndThePortalsOwnFilesAreServedFromThePortalWithoutALogin() {
    given()
        .get("/webjars/htmx.org/2.0.10/dist/htmx.min.js")
        .then()
        .statusCode(200)
        .body(containsString("htmx"));
    given().get("/static/portal.js").then().statusCode(200).body(containsString("data-copy"));
    var page = given().get("/signed-out").then().statusCode(200).extract().asString();
    // Every script is a file of the portal's: the policy forbids inline ones anyway.
    assertThat(Pattern.compile("<script(?![^>]*\\ssrc=)").matcher(page).find()).isFalse();
    assertThat(page).doesNotContain(" style=\"").doesNotContain(" onclick=");
  }

  @Test
  void aSessionIsAnHttpOnlySameSiteCookieAndFormsNeedTheirCsrfToken() throws Exception {
    var alice = SignIn.as(portal(), "alice");
    assertThat(alice.setCookies.stream().filter(c -> c.startsWith("q_session")))
        .isNotEmpty()
        .allSatisfy(
            c ->
                assertThat(c)
                    .containsIgnoringCase("HttpOnly")
                    .containsIgnoringCase("SameSite=Lax"));
    var form = alice.get(portal() + "/tunnels/new");
    assertThat(form.statusCode()).isEqualTo(200);
    var token = CSRF_FIELD.matcher(form.body());
    assertThat(token.find()).isTrue();
    assertThat(alice.setCookies.stream().filter(c -> c.startsWith("csrf-token=")))
        .allSatisfy(c -> assertThat(c).containsIgnoringCase("HttpOnly"));

    assertThat(alice.post(portal() + "/tunnels", "name=web").statusCode()).isEqualTo(400);
    assertThat(alice.post(portal() + "/tunnels", "name=web&csrf-token=forged").statusCode())
        .isEqualTo(400);
    // With its token the form passes the portal, and meets an API that cannot be reached: a page
    // that says so, nothing more.
    var sent = alice.post(portal() + "/tunnels", "name=web&csrf-token=" + token.group(1));
    assertThat(sent.statusCode()).isEqualTo(503);
    assertThat(sent.body()).contains("cannot be reached").doesNotContain("Exception");
  }

  @Test
  void aViewerIsRefusedWhatOnlyAdminsMayDoBeforeAnyApiIsAsked() throws Exception {
    var bob = SignIn.as(portal(), "bob");
    var form = bob.get(portal() + "/tunnels/new");
    assertThat(form.statusCode()).isEqualTo(403);
    assertThat(form.body()).contains("Not allowed", "look at everything");
    // A page the viewer may see hands out the CSRF cookie, as every page does.
    assertThat(bob.get(portal() + "/signed-out").statusCode()).isEqualTo(200);
    var csrf = bob.cookie("csrf-token");
    assertThat(csrf).isNotNull();
    var sent = bob.post(portal() + "/tunnels", "name=web&csrf-token=" + csrf);
    assertThat(sent.statusCode()).isEqualTo(403);
    assertThat(bob.post(portal() + "/api-tokens", "name=x&csrf-token=" + csrf).statusCode())
        .isEqualTo(403);
  }

  private static String encoded(String url) {
    return java.net.URLEncoder.encode(url, java.nio.charset.StandardCharsets.UTF_8);
  }
}
