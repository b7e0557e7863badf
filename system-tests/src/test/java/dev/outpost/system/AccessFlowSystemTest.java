package dev.outpost.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.outpost.access.token.AccessTokenVerifier;
import dev.outpost.access.token.Verification;
import dev.outpost.events.HostnameRouteRecord;
import dev.outpost.events.Topic;
import dev.outpost.events.TunnelConfigurationRecord;
import dev.outpost.protocol.TunnelToken;
import dev.outpost.protocol.agent.ConnectorClient;
import dev.outpost.protocol.agent.OriginProxy;
import dev.outpost.testing.Infrastructure;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Zero-trust access end to end, nothing faked: the access-service and the router as built, the real
 * Keycloak login form, a connector and an origin that verifies the assertion it gets with the
 * access-service's JWKS.
 */
class AccessFlowSystemTest {

  static final UUID ACME = UUID.fromString("a0000000-0000-4000-8000-000000000001");
  static final UUID GLOBEX = UUID.fromString("b0000000-0000-4000-8000-000000000002");
  static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  static Platform platform;
  static HttpServer origin;
  static NioEventLoopGroup group;
  static ConnectorClient.Registered connector;
  static final UUID TUNNEL = UUID.randomUUID();
  // host -> the application's audience, for the origin's check
  static final Map<String, String> AUDIENCES = new ConcurrentHashMap<>();

  @BeforeAll
  static void startThePlatform() throws Exception {
    platform = Platform.with(Platform.Service.ACCESS, Platform.Service.ROUTER).start();
    platform.publish(Topic.TENANTS, ACME.toString(), tenant(ACME, "acme", "acme.example"));
    platform.publish(Topic.TENANTS, GLOBEX.toString(), tenant(GLOBEX, "globex", "globex.example"));
    origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    origin.createContext("/", AccessFlowSystemTest::originAnswer);
    origin.start();

    var secret = new byte[32];
    new java.security.SecureRandom().nextBytes(secret);
    var hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret));
    Map<String, Object> ingress =
        Map.of(
            "ingress",
            List.of(Map.of("service", "http://127.0.0.1:" + origin.getAddress().getPort())));
    platform.publish(
        Topic.TUNNEL_CONFIGURATIONS,
        TUNNEL.toString(),
        JSON.writeValueAsString(
            new TunnelConfigurationRecord(
                TUNNEL, ACME, "web", "active", hash, "remote", ingress, 1, 1)));
    group = new NioEventLoopGroup(1);
    connector =
        new ConnectorClient(
                group,
                SslContextBuilder.forClient()
                    .trustManager(platform.edgeTls.caPem().toFile())
                    .build(),
                new TunnelToken(ACME, TUNNEL, secret),
                UUID.randomUUID(),
                "system-test",
                new OriginProxy(null))
            .connect(new InetSocketAddress("127.0.0.1", platform.edgeTunnelPort), "localhost", 0)
            .get(30, TimeUnit.SECONDS);
    assertThat(connector.verdict().registered()).as(connector.verdict().reason()).isTrue();
  }

  @AfterAll
  static void stopThePlatform() throws Exception {
    if (connector != null) {
      connector.channel().close();
    }
    if (group != null) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
    if (origin != null) {
      origin.stop(0);
    }
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void aBrowserLogsInAtKeycloakAndTheOriginVerifiesWhoItIs() throws Exception {
    var host = route("wiki");
    var app = createApplication(host);
    policy(app, "allow", 1, Map.of("type", "email_domain", "value", "acme.example"));
    awaitProtected(host, 401);

    var alice = new Browser();
    var first = alice.get(platform.edgeUrl(host, "/docs?page=2"));
    assertThat(first.statusCode()).as(first.body()).isEqualTo(302);
    assertThat(Browser.location(first)).startsWith(platform.accessUrl() + "/login?application=");
    var loginPage = alice.follow(first);
    assertThat(loginPage.statusCode()).isEqualTo(200);
    var page = alice.logIn(loginPage, "alice", Infrastructure.EXAMPLE_PASSWORD);

    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    assertThat(page.uri()).hasToString(platform.edgeUrl(host, "/docs?page=2"));
    assertThat(page.body()).isEqualTo("hello alice@acme.example at /docs?page=2");
    assertThat(alice.visited).anyMatch(url -> url.contains("/.outpost/authorized?token="));

    // A user outside the allowed domain is refused at the login, and gets no session.
    var carol = new Browser();
    var refused = carol.logIn(carol.open(platform.edgeUrl(host, "/")), "carol", "outpost");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("carol@globex.example");
    assertThat(carol.cookie(platform.edgeUrl(host, "/"), "Outpost_Authorization")).isNull();
    assertThat(alice.cookie(platform.edgeUrl(host, "/"), "Outpost_Authorization")).isNotNull();

    // A policy change through the API reaches the edge: alice's session is now denied there.
    var changed = Instant.now();
    policy(app, "deny", 1, Map.of("type", "email", "value", "alice@acme.example"));
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> alice.get(platform.edgeUrl(host, "/docs")).statusCode() == 403);
    System.out.printf(
        "policy change effective at the edge after %d ms%n",
        Duration.between(changed, Instant.now()).toMillis());
    var denied = alice.get(platform.edgeUrl(host, "/docs"));
    assertThat(denied.body()).contains("signed in as alice@acme.example", "prompt=login");

    // The edge's decisions are in the tenant's access log.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(accessLog(app).findValuesAsText("decision"))
                    .contains("login_allowed", "login_denied", "allow", "deny"));
  }

  @Test
  void aServiceTokenPassesThroughTheRealExchangeUntilItIsRevoked() throws Exception {
    var host = route("api");
    var app = createApplication(host);
    policy(app, "service_auth", 1, Map.of("type", "any_service_token"));
    awaitProtected(host, 403);
    var token = api("POST", "/v1/service-tokens", Map.of("name", "ci", "duration", "PT2H"));
    var clientId = token.path("clientId").asText();
    var secret = token.path("clientSecret").asText();

    // The token reaches the edge through the access-service's outbox and Kafka.
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> machine(host, clientId, secret).statusCode() == 200);
    var response = machine(host, clientId, secret);
    assertThat(response.body()).isEqualTo("hello " + clientId + " at /v1/things");
    assertThat(machine(host, clientId, "wrong").statusCode()).isEqualTo(403);
    assertThat(machine(host, "nobody.access", secret).statusCode()).isEqualTo(403);

    var revoked = Instant.now();
    api("DELETE", "/v1/service-tokens/" + token.path("serviceToken").path("id").asText(), null);
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> machine(host, clientId, secret).statusCode() == 403);
    System.out.printf(
        "revocation effective at the edge after %d ms%n",
        Duration.between(revoked, Instant.now()).toMillis());
  }

  // --- the origin: verifies the assertion with the access-service's JWKS

  static void originAnswer(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
    var host = exchange.getRequestHeaders().getFirst("X-Forwarded-Host");
    var assertion = exchange.getRequestHeaders().getFirst("Outpost-Access-Jwt-Assertion");
    String body;
    int status;
    try {
      var jwks =
          HTTP.send(
                  HttpRequest.newBuilder(
                          URI.create(platform.accessUrl() + "/.well-known/jwks.json"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      var audience = AUDIENCES.get(host.replaceAll(":\\d+$", ""));
      var verification =
          AccessTokenVerifier.fromJwks(platform.accessUrl(), jwks)
              .verify(assertion, audience, Instant.now());
      if (verification instanceof Verification.Verified verified) {
        var identity = verified.identity();
        status = 200;
        body =
            "hello "
                + (identity.isServiceToken() ? identity.serviceTokenClientId() : identity.email())
                + " at "
                + exchange.getRequestURI();
      } else {
        status = 401;
        body = "assertion refused: " + verification;
      }
    } catch (Exception e) {
      status = 500;
      body = "origin failed: " + e;
    }
    var bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  // --- helpers

  static String tenant(UUID id, String slug, String zone) {
    return "{\"id\":\""
        + id
        + "\",\"slug\":\""
        + slug
        + "\",\"zones\":[\""
        + zone
        + "\"],\"revision\":1}";
  }

  /** A fresh host of acme's, routed to the tunnel as the api-service would. */
  static String route(String name) throws Exception {
    var host = name + "-" + UUID.randomUUID().toString().substring(0, 8) + ".acme.example";
    platform.publish(
        Topic.HOSTNAME_ROUTES,
        host,
        JSON.writeValueAsString(new HostnameRouteRecord(host, ACME, TUNNEL)));
    return host;
  }

  static JsonNode createApplication(String host) throws Exception {
    // The access-service may not have read the tenants yet right after start.
    var created = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              created[0] = api("POST", "/v1/applications", Map.of("name", host, "hostname", host));
              return created[0].hasNonNull("audience");
            });
    AUDIENCES.put(host, created[0].path("audience").asText());
    return created[0];
  }

  static void policy(JsonNode app, String action, int precedence, Map<String, String> include)
      throws Exception {
    var created =
        api(
            "POST",
            "/v1/applications/" + app.path("id").asText() + "/policies",
            Map.of(
                "name",
                action + " " + precedence,
                "action",
                action,
                "precedence",
                precedence,
                "include",
                List.of(include)));
    assertThat(created.hasNonNull("id")).as(created.toString()).isTrue();
  }

  /**
   * Waits until the edge has the application with its policies: an anonymous script gets {@code
   * status} (401 when users may log in, else 403).
   */
  /**
   * Waits until the edge itself answers {@code status} for the application (its problem+json). The
   * origin answers 401 too, to a request without an assertion, before the edge knows of the
   * application: that 401 must not count as protected.
   */
  static void awaitProtected(String host, int status) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              var answer = machine(host, null, null);
              return answer.statusCode() == status
                  && answer
                      .headers()
                      .firstValue("content-type")
                      .orElse("")
                      .startsWith("application/problem+json");
            });
  }

  static HttpResponse<String> machine(String host, String clientId, String secret)
      throws Exception {
    var request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + platform.edgePublicPort + "/v1/things"))
            .header("Host", host + ":" + platform.edgePublicPort);
    if (clientId != null) {
      request.header("Outpost-Access-Client-Id", clientId);
      request.header("Outpost-Access-Client-Secret", secret);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode accessLog(JsonNode app) throws Exception {
    return api(
        "GET", "/v1/access-log?applicationId=" + app.path("id").asText() + "&limit=100", null);
  }

  /** The access-service's API as alice (acme's tenant-admin). */
  static JsonNode api(String method, String path, Object body) throws Exception {
    return JsonApi.call(
            platform.accessUrl() + path, Infrastructure.accessToken("alice"), method, body)
        .body();
  }
}
