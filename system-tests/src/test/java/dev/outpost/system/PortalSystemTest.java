package dev.outpost.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outpost.api.support.WebhookReceiver;
import dev.outpost.system.Platform.Service;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * The tenant portal in a real headless Chromium, against the whole platform as built (api-service,
 * access-service, router, portal), the real Keycloak login form, real connectors started with the
 * command line a page shows, and a private origin on loopback.
 */
class PortalSystemTest {

  static Platform platform;
  static Chromium browser;
  static AcmeTenant acme;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void startThePlatformAndABrowser() throws Exception {
    platform =
        Platform.with(Service.API, Service.ACCESS, Service.ROUTER, Service.PORTAL)
            // The webhook receiver is on loopback; deliveries are picked up at once.
            .configure(
                Service.API,
                Map.of(
                    "outpost.webhooks.allow-private-destinations", "true",
                    "outpost.webhooks.poll-interval", "200ms"))
            .start();
    acme = new AcmeTenant(platform);
    browser = new Chromium();
  }

  @AfterAll
  static void stopEverything() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (acme != null) {
      acme.close();
    }
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void anAdminCreatesATunnelRunsItsConnectorWatchesItTurnHealthyAndPublishesAHostname()
      throws Exception {
    var portal = platform.portalUrl();
    browser.logIn(portal, "alice");
    browser.click(By.linkText("Create a tunnel"));

    // The API's own message, next to the field it is about.
    browser.type(By.id("f-name"), "no spaces allowed");
    browser.find(By.id("f-name")).sendKeys(Keys.ENTER);
    assertThat(browser.find(By.id("f-name-error")).getText()).contains("letters, digits");
    assertThat(browser.find(By.id("f-name")).getAttribute("aria-invalid")).isEqualTo("true");

    // With the keyboard only: type the name, press Enter.
    var name = "web-" + AcmeTenant.suffix();
    browser.type(By.id("f-name"), name);
    browser.find(By.id("f-name")).sendKeys(Keys.ENTER);
    var command = browser.find(By.id("snippet-java")).getText();
    var token = AcmeTenant.argument(command, "--token");
    assertThat(browser.find(By.id("snippet-docker")).getText())
        .contains("TUNNEL_TOKEN=" + token, "OUTPOST_EDGE=127.0.0.1:", "tunnel run");
    assertThat(browser.find(By.id("snippet-env")).getText()).isEqualTo("TUNNEL_TOKEN=" + token);
    assertThat(browser.find(By.id("snippet-compose")).getText())
        .contains("expose:", "TUNNEL_TOKEN: ${TUNNEL_TOKEN", "command: tunnel run")
        .doesNotContain(token);
    assertThat(browser.find(By.id("snippet-outpost")).getText())
        .startsWith("./outpost connector tunnel run --token " + token);
    var tunnelPath = browser.find(By.linkText("Go to the tunnel")).getDomAttribute("href");
    var tunnelId = tunnelPath.substring("/tunnels/".length());

    // The token is never shown again.
    browser.open(portal + tunnelPath);
    assertThat(browser.source()).doesNotContain(token);
    browser.open(portal + "/tunnels");
    assertThat(browser.source()).doesNotContain(token);

    // The connector as the page says to run it; the badge changes without a reload.
    var badge = By.id("status-" + tunnelId);
    assertThat(browser.find(badge).getText()).isEqualTo("inactive");
    browser.script("document.body.dataset.loadedOnce = 'yes'");
    acme.connector(command);
    browser.until(d -> "healthy".equals(d.findElement(badge).getText()));
    assertThat(browser.script("return document.body.dataset.loadedOnce")).isEqualTo("yes");
    browser.screenshot("tunnels");

    // Its page: the connector's four connections, then a public hostname to the private service.
    browser.click(By.linkText(name));
    browser.until(d -> d.findElements(By.cssSelector("#connections tbody tr")).size() == 4);
    var host = name + ".acme.example";
    browser.type(By.id("f-hostname"), host);
    browser.type(By.id("f-service"), acme.originUrl());
    browser.click(By.xpath("//button[text()='Add hostname']"));
    browser.until(d -> d.getCurrentUrl().endsWith("#hostnames"));
    assertThat(browser.find(By.id("hostnames")).getText()).contains(host, acme.originUrl());
    browser.resize(1280, 1700);
    browser.screenshot("tunnel");
    browser.resize(1280, 900);

    // The hostname, through the edge, reaches the private service.
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              browser.open(platform.edgeUrl(host, "/from-the-browser"));
              assertThat(browser.source())
                  .contains("hello from the private service at /from-the-browser");
            });
  }

  @Test
  void anAdminProtectsAHostnameWithOrderedPoliciesAndTheEdgeAsksVisitorsToSignIn()
      throws Exception {
    var host = acme.servedHostname("wiki");
    var portal = platform.portalUrl();
    browser.logIn(portal, "alice");
    browser.open(portal + "/access/applications");
    browser.click(By.linkText("Add an application"));
    browser.type(By.id("f-name"), "Wiki");
    browser.type(By.id("f-hostname"), host);
    browser.click(By.xpath("//button[text()='Add application']"));
    browser.until(d -> d.getTitle().startsWith("Wiki"));
    var appPath = URI.create(browser.driver.getCurrentUrl()).getPath();

    addPolicy("Staff", "allow", "email_domain acme.example");
    // A rule the access-service refuses: its message names the line, next to the field.
    browser.click(By.linkText("Add a policy"));
    browser.type(By.id("f-name"), "Contractors");
    browser.select(By.id("f-action"), "deny");
    browser.type(By.id("f-include"), "email_domain contractors.example\nemail not-an-address");
    browser.click(By.xpath("//button[text()='Add policy']"));
    assertThat(browser.find(By.id("f-include-error")).getText()).startsWith("rule 2:");
    browser.type(By.id("f-include"), "email_domain contractors.example");
    browser.click(By.xpath("//button[text()='Add policy']"));
    browser.until(d -> d.getCurrentUrl().endsWith("#policies"));

    // Up and down: the deny goes first.
    browser.click(By.cssSelector("button[aria-label='Move Contractors up']"));
    browser.until(
        d ->
            d.findElement(By.cssSelector("#policy-table tbody tr:first-child"))
                .getText()
                .contains("Contractors"));
    assertThat(browser.find(By.cssSelector("#policy-table tbody tr:first-child")).getText())
        .startsWith("1 Contractors deny");
    browser.screenshot("access-policies");

    // The edge has the application: a visitor without a session meets the login wall.
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> acme.edgeStatus(host) == 401);
    browser.forgetEveryone();
    browser.open(platform.edgeUrl(host, "/docs"));
    browser.find(By.id("kc-form-login"));
    assertThat(browser.driver.getCurrentUrl()).contains("client_id=outpost-access");
    browser.type(By.id("username"), "alice");
    browser.type(By.id("password"), "outpost");
    browser.click(By.id("kc-login"));
    browser.until(d -> d.getPageSource().contains("hello from the private service at /docs"));

    // The decision is in the portal's access log.
    browser.logIn(portal, "alice");
    var appId = appPath.substring(appPath.lastIndexOf('/') + 1);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              browser.open(portal + "/access/log?applicationId=" + appId);
              assertThat(browser.source()).contains("login_allowed", "alice@acme.example");
            });
  }

  @Test
  void aViewerSeesEverythingButHasNoControlsAndChangesAreRefused() {
    var tunnel = acme.api.post("/v1/tunnels", Map.of("name", "shared-" + AcmeTenant.suffix()));
    var tunnelId = tunnel.path("tunnel").path("id").asText();
    var app = acme.application("viewer");
    var portal = platform.portalUrl();
    browser.logIn(portal, "bob");

    assertThat(browser.source()).contains(tunnel.path("tunnel").path("name").asText());
    assertThat(browser.present(By.linkText("Create a tunnel"))).isFalse();
    browser.open(portal + "/tunnels/" + tunnelId);
    assertThat(browser.title()).startsWith("shared-");
    for (var control : List.of("Rotate token", "Delete tunnel", "Edit rules")) {
      assertThat(browser.present(By.linkText(control))).as(control).isFalse();
    }
    assertThat(browser.present(By.id("f-hostname"))).isFalse();
    browser.open(portal + "/access/applications/" + app);
    assertThat(browser.present(By.linkText("Add a policy"))).isFalse();
    assertThat(browser.present(By.linkText("Delete application"))).isFalse();
    assertThat(browser.all(By.cssSelector("form[method=post]"))).isEmpty();
    browser.open(portal + "/webhooks");
    assertThat(browser.present(By.linkText("Add a webhook"))).isFalse();
    browser.open(portal + "/api-tokens");
    assertThat(browser.present(By.linkText("Create an API token"))).isFalse();
    browser.open(portal + "/tunnels/new");
    assertThat(browser.title()).startsWith("Not allowed");

    // A hand-made form with a valid CSRF token is refused too, and changes nothing.
    var forged = "forged-" + AcmeTenant.suffix();
    browser.forgedPost("/tunnels", Map.of("name", forged));
    browser.until(d -> d.getTitle().startsWith("Not allowed"));
    browser.forgedPost("/tunnels/" + tunnelId + "/delete", Map.of("confirm", "yes"));
    browser.until(d -> d.getTitle().startsWith("Not allowed"));
    assertThat(acme.api.get("/v1/tunnels?name=" + forged).path("items")).isEmpty();
    assertThat(acme.api.status("GET", "/v1/tunnels/" + tunnelId, null)).isEqualTo(200);
  }

  @Test
  void anotherTenantsUserSeesNoneOfIt() {
    var name = "acme-only-" + AcmeTenant.suffix();
    var tunnelId = acme.api.post("/v1/tunnels", Map.of("name", name)).path("tunnel").path("id");
    var app = acme.application("secret");
    var portal = platform.portalUrl();
    browser.logIn(portal, "carol");
    assertThat(browser.find(By.cssSelector(".tenant")).getText()).isEqualTo("globex");
    assertThat(browser.source()).doesNotContain(name);
    browser.open(portal + "/tunnels/" + tunnelId.asText());
    assertThat(browser.title()).startsWith("Not found");
    browser.open(portal + "/access/applications/" + app);
    assertThat(browser.title()).startsWith("Not found");
    browser.open(portal + "/access/applications");
    assertThat(browser.source()).doesNotContain("secret-");
    browser.open(portal + "/audit");
    assertThat(browser.source()).doesNotContain(name);
  }

  @Test
  void formsNeedTheirCsrfTokenSessionsAreGuardedAndPagesCarryAContentSecurityPolicy()
      throws Exception {
    var portal = platform.portalUrl();
    browser.logIn(portal, "alice");
    var session =
        browser.driver.manage().getCookies().stream()
            .filter(c -> c.getName().startsWith("q_session"))
            .toList();
    assertThat(session).isNotEmpty();
    assertThat(session)
        .allSatisfy(
            c -> {
              assertThat(c.isHttpOnly()).as(c.getName() + " HttpOnly").isTrue();
              assertThat(c.getSameSite()).as(c.getName() + " SameSite").isEqualTo("Lax");
            });
    assertThat(browser.driver.manage().getCookieNamed("csrf-token").isHttpOnly()).isTrue();

    // The same form post, as this browser would send it: refused without the CSRF token.
    var cookies =
        browser.driver.manage().getCookies().stream()
            .map(c -> c.getName() + "=" + c.getValue())
            .collect(java.util.stream.Collectors.joining("; "));
    var csrf = browser.driver.manage().getCookieNamed("csrf-token").getValue();
    var name = "csrf-" + AcmeTenant.suffix();
    assertThat(formPost(portal + "/tunnels", cookies, "name=" + name).statusCode()).isEqualTo(400);
    assertThat(acme.api.get("/v1/tunnels?name=" + name).path("items")).isEmpty();
    var accepted = formPost(portal + "/tunnels", cookies, "name=" + name + "&csrf-token=" + csrf);
    assertThat(accepted.statusCode()).isEqualTo(201);
    assertThat(acme.api.get("/v1/tunnels?name=" + name).path("items")).hasSize(1);

    // Headers of a page: a policy without inline scripts, no framing, no caching.
    var page =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(portal + "/tunnels"))
                .header("Cookie", cookies)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    var policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
    assertThat(policy)
        .contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'")
        .doesNotContain("unsafe-inline", "unsafe-eval");
    assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(page.body()).doesNotContain("<script>").doesNotContain(" onclick=");
    // htmx and the portal's script run under that policy without a violation.
    browser.open(portal + "/tunnels");
    browser.until(d -> (Boolean) browser.script("return typeof htmx !== 'undefined'"));
    assertThat(browser.console()).noneMatch(line -> line.contains("Content Security Policy"));

    // Signing out ends the session at Keycloak too: the next page asks for a login again.
    browser.click(By.linkText("Sign out"));
    browser.until(d -> d.getCurrentUrl().startsWith(portal + "/signed-out"));
    assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("You are signed out");
    browser.open(portal + "/tunnels");
    browser.find(By.id("kc-form-login"));
  }

  @Test
  void everyPageLabelsItsControlsWorksWithTheKeyboardAndFitsAPhone() throws Exception {
    var portal = platform.portalUrl();
    var tunnel =
        acme.api
            .post(
                "/v1/tunnels",
                Map.of("name", "a11y-" + AcmeTenant.suffix(), "configSource", "remote"))
            .path("tunnel")
            .path("id")
            .asText();
    var app = acme.application("a11y");
    browser.logIn(portal, "alice");
    var pages =
        List.of(
            "/tunnels",
            "/tunnels/new",
            "/tunnels/" + tunnel,
            "/tunnels/" + tunnel + "/ingress",
            "/tunnels/" + tunnel + "/delete",
            "/access/applications",
            "/access/applications/new",
            "/access/applications/" + app,
            "/access/applications/" + app + "/policies/new",
            "/access/service-tokens",
            "/access/service-tokens/new",
            "/access/log",
            "/api-tokens",
            "/api-tokens/new",
            "/webhooks",
            "/webhooks/new",
            "/audit");
    for (var path : pages) {
      browser.resize(1280, 900);
      browser.open(portal + path);
      assertThat(browser.title()).as(path).doesNotStartWith("Not").doesNotStartWith("Internal");
      assertThat(browser.unlabelledControls()).as("controls without a label on " + path).isEmpty();
      // The first Tab reaches the skip link, and it leads to the main content.
      browser.find(By.tagName("body")).sendKeys(Keys.TAB);
      assertThat(browser.script("return document.activeElement.textContent"))
          .as(path)
          .isEqualTo("Skip to content");
      browser.phone();
      assertThat(browser.widerThanTheWindow())
          .as(path + " on a phone: wider than the screen")
          .isEmpty();
    }
    browser.phone();
    browser.open(portal + "/tunnels/" + tunnel);
    browser.screenshot("tunnel-phone");
    browser.resize(1280, 900);
  }

  @Test
  void anAdminSubscribesAWebhookSeesEachDeliveryWithItsAttemptsAndRedeliversOne() throws Exception {
    var portal = platform.portalUrl();
    try (var receiver = new WebhookReceiver()) {
      browser.logIn(portal, "alice");
      browser.open(portal + "/webhooks");
      browser.click(By.linkText("Add a webhook"));
      browser.type(By.id("f-url"), "ftp://hooks.example.com/outpost");
      browser.click(By.xpath("//button[text()='Add webhook']"));
      assertThat(browser.find(By.id("f-url-error")).getText()).contains("http");
      browser.type(By.id("f-url"), receiver.url("/outpost"));
      browser.click(By.cssSelector("input[value='tunnel.created']"));
      browser.click(By.xpath("//button[text()='Add webhook']"));
      var secret = browser.find(By.id("snippet-secret")).getText();
      assertThat(secret).startsWith("whsec_");
      receiver.trust(secret);
      browser.click(By.linkText("Go to the webhook"));
      assertThat(browser.source()).doesNotContain(secret);

      // A test event: the log refreshes itself until it is delivered, with its attempt.
      browser.click(By.xpath("//button[text()='Send a test event']"));
      browser.until(
          d ->
              d.findElement(By.cssSelector("#deliveries .delivery"))
                  .getText()
                  .contains("delivered"));
      var first = browser.find(By.cssSelector("#deliveries .delivery")).getText();
      assertThat(first).contains("webhook.test", "1 attempt", "success", "204");
      assertThat(receiver.await(r -> r.body().contains("webhook.test"), 1, Duration.ofSeconds(30)))
          .allMatch(WebhookReceiver.Received::verified);

      // An event of the platform's own reaches it too.
      var name = "hooked-" + AcmeTenant.suffix();
      acme.api.post("/v1/tunnels", Map.of("name", name));
      receiver.await(r -> r.body().contains(name), 1, Duration.ofSeconds(30));
      var webhookPage = portal + URI.create(browser.driver.getCurrentUrl()).getPath();
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                browser.open(webhookPage);
                assertThat(browser.find(By.id("deliveries")).getText()).contains("tunnel.created");
              });

      // Redeliver the test event: a new delivery of the same event.
      browser.click(By.cssSelector("button[aria-label^='Redeliver webhook.test']"));
      browser.until(
          d ->
              d.findElements(By.cssSelector("#deliveries .delivery")).stream()
                  .filter(e -> e.getText().contains("a redelivery"))
                  .anyMatch(e -> e.getText().contains("delivered")));
      assertThat(receiver.await(r -> r.body().contains("webhook.test"), 2, Duration.ofSeconds(30)))
          .hasSize(2);
      browser.resize(1280, 1300);
      browser.screenshot("webhook-deliveries");
      browser.resize(1280, 900);
    }
  }

  // --- helpers

  static HttpResponse<String> formPost(String url, String cookies, String form)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Cookie", cookies)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static void addPolicy(String name, String action, String include) {
    browser.click(By.linkText("Add a policy"));
    browser.type(By.id("f-name"), name);
    browser.select(By.id("f-action"), action);
    browser.type(By.id("f-include"), include);
    browser.click(By.xpath("//button[text()='Add policy']"));
    browser.until(d -> d.getCurrentUrl().endsWith("#policies"));
  }
}
