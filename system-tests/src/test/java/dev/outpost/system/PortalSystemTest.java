package dev.outpost.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.outpost.infra.process.JavaRuntime;
import dev.outpost.infra.process.ManagedProcess;
import dev.outpost.system.Platform.Service;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

  static final Path CONNECTOR_JAR =
      Path.of("..", "connector", "target", "connector.jar").toAbsolutePath().normalize();

  static Platform platform;
  static Chromium browser;
  static HttpServer origin;
  static ApiCalls aliceApi;
  static ApiCalls aliceAccess;
  static final List<ManagedProcess> connectors = new ArrayList<>();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void startThePlatformAndABrowser() throws Exception {
    platform = Platform.with(Service.API, Service.ACCESS, Service.ROUTER, Service.PORTAL).start();
    origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    origin.createContext(
        "/",
        exchange -> {
          var body =
              ("hello from the private service at " + exchange.getRequestURI())
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/plain");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    origin.start();
    aliceApi = new ApiCalls(platform.apiUrl(), "alice");
    aliceAccess = new ApiCalls(platform.accessUrl(), "alice");
    // The access-service learns the tenants and their zones from the api-service, over Kafka.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> aliceAccess.status("GET", "/v1/applications", null) == 200);
    browser = new Chromium();
  }

  @AfterAll
  static void stopEverything() throws Exception {
    connectors.forEach(ManagedProcess::close);
    if (browser != null) {
      browser.close();
    }
    if (origin != null) {
      origin.stop(0);
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
    var name = "web-" + suffix();
    browser.type(By.id("f-name"), name);
    browser.find(By.id("f-name")).sendKeys(Keys.ENTER);
    var command = browser.find(By.id("snippet-java")).getText();
    var token = argument(command, "--token");
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
    connectors.add(connector(command));
    browser.until(d -> "healthy".equals(d.findElement(badge).getText()));
    assertThat(browser.script("return document.body.dataset.loadedOnce")).isEqualTo("yes");
    browser.screenshot("tunnels");

    // Its page: the connector's four connections, then a public hostname to the private service.
    browser.click(By.linkText(name));
    browser.until(d -> d.findElements(By.cssSelector("#connections tbody tr")).size() == 4);
    var host = name + ".acme.example";
    browser.type(By.id("f-hostname"), host);
    browser.type(By.id("f-service"), originUrl());
    browser.click(By.xpath("//button[text()='Add hostname']"));
    browser.until(d -> d.getCurrentUrl().endsWith("#hostnames"));
    assertThat(browser.find(By.id("hostnames")).getText()).contains(host, originUrl());
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
    var host = servedHostname("wiki");
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
    new org.openqa.selenium.support.ui.Select(browser.find(By.id("f-action")))
        .selectByValue("deny");
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
        .until(() -> edgeStatus(host) == 401);
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
    var tunnel = aliceApi.post("/v1/tunnels", Map.of("name", "shared-" + suffix()));
    var tunnelId = tunnel.path("tunnel").path("id").asText();
    var app = application("viewer");
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
    browser.open(portal + "/tunnels/new");
    assertThat(browser.title()).startsWith("Not allowed");

    // A hand-made form with a valid CSRF token is refused too, and changes nothing.
    var forged = "forged-" + suffix();
    post("/tunnels", Map.of("name", forged));
    browser.until(d -> d.getTitle().startsWith("Not allowed"));
    post("/tunnels/" + tunnelId + "/delete", Map.of("confirm", "yes"));
    browser.until(d -> d.getTitle().startsWith("Not allowed"));
    assertThat(aliceApi.get("/v1/tunnels?name=" + forged).path("items")).isEmpty();
    assertThat(aliceApi.status("GET", "/v1/tunnels/" + tunnelId, null)).isEqualTo(200);
  }

  @Test
  void anotherTenantsUserSeesNoneOfIt() {
    var name = "acme-only-" + suffix();
    var tunnelId = aliceApi.post("/v1/tunnels", Map.of("name", name)).path("tunnel").path("id");
    var app = application("secret");
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
    var name = "csrf-" + suffix();
    assertThat(formPost(portal + "/tunnels", cookies, "name=" + name).statusCode()).isEqualTo(400);
    assertThat(aliceApi.get("/v1/tunnels?name=" + name).path("items")).isEmpty();
    var accepted = formPost(portal + "/tunnels", cookies, "name=" + name + "&csrf-token=" + csrf);
    assertThat(accepted.statusCode()).isEqualTo(201);
    assertThat(aliceApi.get("/v1/tunnels?name=" + name).path("items")).hasSize(1);

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
  }

  @Test
  void everyPageLabelsItsControlsWorksWithTheKeyboardAndFitsAPhone() throws Exception {
    var portal = platform.portalUrl();
    var tunnel =
        aliceApi
            .post("/v1/tunnels", Map.of("name", "a11y-" + suffix(), "configSource", "remote"))
            .path("tunnel")
            .path("id")
            .asText();
    var app = application("a11y");
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
            "/audit");
    for (var path : pages) {
      browser.resize(1280, 900);
      browser.open(portal + path);
      assertThat(browser.title()).as(path).doesNotStartWith("Not").doesNotStartWith("Internal");
      assertThat(unlabelledControls()).as("controls without a label on " + path).isEmpty();
      // The first Tab reaches the skip link, and it leads to the main content.
      browser.find(By.tagName("body")).sendKeys(Keys.TAB);
      assertThat(browser.script("return document.activeElement.textContent"))
          .as(path)
          .isEqualTo("Skip to content");
      browser.resize(390, 844);
      assertThat(widerThanTheScreen()).as(path + " on a phone: wider than the screen").isEmpty();
    }
    browser.resize(390, 844);
    browser.open(portal + "/tunnels/" + tunnel);
    browser.screenshot("tunnel-phone");
    browser.resize(1280, 900);
  }

  // --- helpers

  /**
   * Elements that stick out of the window on the right, outside the boxes that scroll sideways on
   * purpose (wide tables).
   */
  @SuppressWarnings("unchecked")
  static List<String> widerThanTheScreen() {
    return (List<String>)
        browser.script(
            "return Array.from(document.querySelectorAll('body *'))"
                + ".filter(e => !e.closest('.scroll') && !e.closest('.visually-hidden'))"
                + ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)"
                + ".map(e => e.tagName + '.' + e.className + '#' + e.id)");
  }

  /** Controls that a screen reader could not name: no label, aria-label or text. */
  @SuppressWarnings("unchecked")
  static List<String> unlabelledControls() {
    return (List<String>)
        browser.script(
            "return Array.from(document.querySelectorAll("
                + "'input:not([type=hidden]), select, textarea, button, a[href]'))"
                + ".filter(e => !e.closest('[aria-hidden=true]'))"
                + ".filter(e => !(e.getAttribute('aria-label')"
                + "  || e.getAttribute('aria-labelledby')"
                + "  || (e.id && document.querySelector('label[for=\"' + e.id + '\"]'))"
                + "  || e.closest('label')"
                + "  || ((e.tagName === 'BUTTON' || e.tagName === 'A') && e.textContent.trim())))"
                + ".map(e => e.outerHTML)");
  }

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

  /** Submits a form the page never offered, with the browser's own cookies and CSRF token. */
  static void post(String path, Map<String, String> fields) {
    var all = new java.util.HashMap<>(fields);
    all.put("csrf-token", browser.driver.manage().getCookieNamed("csrf-token").getValue());
    browser.script(
        "const form = document.createElement('form');"
            + "form.method = 'post'; form.action = arguments[0];"
            + "for (const [name, value] of Object.entries(arguments[1])) {"
            + "  const input = document.createElement('input');"
            + "  input.type = 'hidden'; input.name = name; input.value = value;"
            + "  form.appendChild(input);"
            + "}"
            + "document.body.appendChild(form); form.submit();",
        path,
        all);
  }

  static void addPolicy(String name, String action, String include) {
    browser.click(By.linkText("Add a policy"));
    browser.type(By.id("f-name"), name);
    new org.openqa.selenium.support.ui.Select(browser.find(By.id("f-action")))
        .selectByValue(action);
    browser.type(By.id("f-include"), include);
    browser.click(By.xpath("//button[text()='Add policy']"));
    browser.until(d -> d.getCurrentUrl().endsWith("#policies"));
  }

  /** An application of acme's, made through the access-service's API; its id. */
  static String application(String name) {
    var host = name + "-" + suffix() + ".acme.example";
    return aliceAccess
        .post("/v1/applications", Map.of("name", name + "-" + suffix(), "hostname", host))
        .path("id")
        .asText();
  }

  /**
   * A hostname of acme's that the edge sends through a tunnel to the private service, set up
   * through the API with a connector running the token the API gave.
   */
  static String servedHostname(String name) throws Exception {
    var host = name + "-" + suffix() + ".acme.example";
    var created =
        aliceApi.post(
            "/v1/tunnels", Map.of("name", name + "-" + suffix(), "configSource", "remote"));
    var id = created.path("tunnel").path("id").asText();
    aliceApi.put(
        "/v1/tunnels/" + id + "/configuration",
        Map.of(
            "config",
            Map.of(
                "ingress",
                List.of(
                    Map.of("hostname", host, "service", originUrl()),
                    Map.of("service", "http_status:404")))));
    aliceApi.post("/v1/routes", Map.of("hostname", host, "tunnelId", id));
    connectors.add(
        connector(
            "java -jar connector.jar tunnel run --token "
                + created.path("token").asText()
                + " --edge 127.0.0.1:"
                + platform.edgeTunnelPort
                + " --edge-ca "
                + platform.edgeTls.caPem()));
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> edgeStatus(host) == 200);
    return host;
  }

  /** Starts the command a page shows, with this build's connector jar and java. */
  static ManagedProcess connector(String shown) throws IOException {
    var words = new ArrayList<>(List.of(shown.trim().split("\\s+")));
    assertThat(words.subList(0, 3)).containsExactly("java", "-jar", "connector.jar");
    words.set(0, JavaRuntime.javaExecutable());
    words.set(2, CONNECTOR_JAR.toString());
    return ManagedProcess.start(
        "connector",
        words,
        CONNECTOR_JAR.getParent(),
        Map.of(),
        Path.of("target", "system-tests", "connector-" + suffix() + ".log").toAbsolutePath());
  }

  static String argument(String commandLine, String option) {
    var words = commandLine.trim().split("\\s+");
    for (int i = 0; i + 1 < words.length; i++) {
      if (words[i].equals(option)) {
        return words[i + 1];
      }
    }
    throw new AssertionError(option + " is not in " + commandLine);
  }

  static String originUrl() {
    return "http://127.0.0.1:" + origin.getAddress().getPort();
  }

  static String suffix() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  /** What the edge answers an anonymous script for {@code host}. */
  static int edgeStatus(String host) throws IOException, InterruptedException {
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + platform.edgePublicPort + "/"))
            .header("Host", host + ":" + platform.edgePublicPort)
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
