package dev.outpost.router.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.outpost.access.policy.Action;
import dev.outpost.access.policy.Application;
import dev.outpost.access.policy.Policy;
import dev.outpost.access.policy.Selector;
import dev.outpost.access.token.AccessTokenVerifier;
import dev.outpost.access.token.SigningKey;
import dev.outpost.access.token.Verification;
import dev.outpost.events.AccessDecisionRecord;
import dev.outpost.events.AccessSigningKeyRecord;
import dev.outpost.events.HostnameRouteRecord;
import dev.outpost.events.ServiceTokenRecord;
import dev.outpost.events.Topic;
import dev.outpost.events.TunnelConfigurationRecord;
import dev.outpost.protocol.TunnelToken;
import dev.outpost.protocol.agent.ConnectorClient;
import dev.outpost.protocol.agent.OriginProxy;
import dev.outpost.router.edge.Edge;
import dev.outpost.router.support.AccessServiceStandIn;
import dev.outpost.router.support.EdgeTlsResource;
import dev.outpost.router.support.RoutingTopics;
import dev.outpost.testing.TopicReader;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.handler.ssl.SslContextBuilder;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Access control in the real router: applications, service tokens and signing keys published on the
 * real Kafka as the access-service does, a real connector and an origin that shows what it got.
 * Sessions are signed with the stand-in's key ({@link AccessServiceStandIn}); the real login and
 * token exchange are tested in system-tests.
 */
@QuarkusTest
class AccessEndToEndTest {

  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private static final String ISSUER = AccessServiceStandIn.ISSUER;
  private static final SigningKey KEY = AccessServiceStandIn.KEY;

  @Inject Edge edge;
  @Inject AccessView access;

  private final NioEventLoopGroup group = new NioEventLoopGroup(1);
  private final HttpClient http = HttpClient.newHttpClient();
  private final UUID tenant = UUID.randomUUID();
  private final UUID tunnel = UUID.randomUUID();
  private final byte[] secret = new byte[32];
  private final String zone = UUID.randomUUID().toString().substring(0, 8) + ".acme.example";
  private HttpServer origin;
  private RoutingTopics topics;
  private ConnectorClient.Registered connector;

  @BeforeEach
  void setUp() throws Exception {
    secret[3] = 3;
    origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    origin.createContext(
        "/",
        exchange -> {
          var seen = exchange.getRequestHeaders();
          var body =
              ("assertion="
                      + seen.getFirst("Outpost-Access-Jwt-Assertion")
                      + "\ncookie="
                      + String.join(" | ", seen.getOrDefault("Cookie", List.of()))
                      + "\nclient-secret="
                      + seen.getFirst("Outpost-Access-Client-Secret"))
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    origin.start();
    topics = new RoutingTopics();
    var hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret));
    var service = "http://127.0.0.1:" + origin.getAddress().getPort();
    topics.tunnel(
        new TunnelConfigurationRecord(
            tunnel,
            tenant,
            "web",
            "active",
            hash,
            "remote",
            Map.of("ingress", List.of(Map.of("service", service))),
            1,
            1));
    topics.route(new HostnameRouteRecord("*." + zone, tenant, tunnel));
    topics.record(
        Topic.ACCESS_SIGNING_KEYS,
        KEY.kid(),
        new AccessSigningKeyRecord(KEY.kid(), KEY.publicJwk(), OffsetDateTime.now(), null),
        AccessSigningKeyRecord.TYPE);
    connector =
        new ConnectorClient(
                group,
                SslContextBuilder.forClient()
                    .trustManager(EdgeTlsResource.caPem().toFile())
                    .build(),
                new TunnelToken(tenant, tunnel, secret),
                UUID.randomUUID(),
                "test",
                new OriginProxy(null))
            .connect(
                new InetSocketAddress("localhost", edge.tunnelAddress().getPort()), "localhost", 0)
            .get(20, TimeUnit.SECONDS);
    assertThat(connector.verdict().registered()).isTrue();
    await().atMost(PATIENCE).until(() -> access.verifier().keyIds().contains(KEY.kid()));
  }

  @AfterEach
  void tearDown() throws Exception {
    connector.channel().close();
    origin.stop(0);
    topics.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  @Test
  void aSessionOpensTheApplicationAndNothingElseDoes() throws Exception {
    var host = "wiki." + zone;
    var wiki =
        publish(
            application(
                host,
                "/app",
                AccessFixtures.policy(Action.DENY, 1, Selector.email("mallory@acme.example")),
                AccessFixtures.policy(Action.ALLOW, 2, Selector.emailDomain("acme.example"))));
    var other =
        publish(
            application(
                "other." + zone, "/", AccessFixtures.policy(Action.ALLOW, 1, Selector.everyone())));

    // Not covered by the application: straight to the origin.
    assertThat(get(host, "/open", Map.of()).statusCode()).isEqualTo(200);

    // No session: a browser goes to log in, a script gets 401; neither reaches the origin.
    var login = get(host, "/app/page?x=1", Map.of("Accept", "text/html"));
    assertThat(login.statusCode()).isEqualTo(302);
    var original = "http://" + host + ":" + port() + "/app/page?x=1";
    assertThat(login.headers().firstValue("Location"))
        .hasValue(
            ISSUER
                + "/login?application="
                + wiki.id()
                + "&redirect="
                + URLEncoder.encode(original, StandardCharsets.UTF_8));
    var script = get(host, "/app/page", Map.of("Accept", "application/json"));
    assertThat(script.statusCode()).isEqualTo(401);
    assertThat(script.headers().firstValue("Content-Type")).hasValue("application/problem+json");

    // The login's way back sets the cookie, host-scoped, and returns to the page.
    var jwt = session(wiki, "alice@acme.example", 600);
    var authorized =
        get(
            host,
            "/.outpost/authorized?token="
                + jwt
                + "&redirect="
                + URLEncoder.encode(original, StandardCharsets.UTF_8),
            Map.of("Accept", "text/html"));
    assertThat(authorized.statusCode()).isEqualTo(302);
    assertThat(authorized.headers().firstValue("Location")).hasValue(original);
    assertThat(authorized.headers().firstValue("Set-Cookie").orElseThrow())
        .startsWith("Outpost_Authorization=" + jwt + "; Path=/app; Max-Age=")
        .contains("HttpOnly", "SameSite=Lax")
        .doesNotContain("Domain", "Secure");

    // With the session: the origin gets the assertion, not the cookie; other cookies stay.
    var page =
        get(
            host,
            "/app/page",
            Map.of(
                "Cookie",
                "theme=dark; Outpost_Authorization=" + jwt,
                "Outpost-Access-Jwt-Assertion",
                "forged"));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("assertion=" + jwt + "\n").contains("cookie=theme=dark\n");

    // Refused tokens are no session.
    var claims =
        AccessFixtures.user(
            ISSUER, wiki, "alice@acme.example", Instant.now(), Instant.now().plusSeconds(600));
    var refused =
        Map.of(
            "tampered",
            AccessFixtures.tampered(jwt, "alice@", "admin@"),
            "expired",
            session(wiki, "alice@acme.example", -120),
            "wrong audience",
            session(other, "alice@acme.example", 600),
            "alg none",
            AccessFixtures.unsigned(jwt, KEY.kid()),
            "other tenant",
            KEY.sign(AccessFixtures.ofTenant(claims, UUID.randomUUID())),
            "another signer",
            SigningKey.generate(KEY.kid()).sign(claims));
    for (var entry : refused.entrySet()) {
      var cookie = Map.of("Cookie", "Outpost_Authorization=" + entry.getValue());
      assertThat(get(host, "/app/page", cookie).statusCode()).as(entry.getKey()).isEqualTo(401);
    }

    // Denied: a 403 page that says who is signed in and how to switch.
    var mallory = session(wiki, "mallory@acme.example", 600);
    var denied =
        get(
            host,
            "/app/page",
            Map.of("Accept", "text/html", "Cookie", "Outpost_Authorization=" + mallory));
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(denied.body())
        .contains("signed in as mallory@acme.example")
        .contains("Sign in as someone else")
        .contains("prompt=login");

    // Both decisions reach the access log's topic.
    var decisions = decisionsOf(wiki.id(), 2);
    assertThat(decisions)
        .extracting(AccessDecisionRecord::decision, AccessDecisionRecord::email)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("allow", "alice@acme.example"),
            org.assertj.core.groups.Tuple.tuple("deny", "mallory@acme.example"));

    // Logout clears the cookie and ends the identity provider's session.
    var logout = get(host, "/.outpost/logout", Map.of());
    assertThat(logout.headers().firstValue("Location")).hasValue(ISSUER + "/logout");
    assertThat(logout.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
  }

  @Test
  void aBypassPolicyLetsEveryoneInWithoutIdentity() throws Exception {
    var host = "status." + zone;
    publish(application(host, "/", AccessFixtures.policy(Action.BYPASS, 1, Selector.everyone())));
    var response = get(host, "/health", Map.of("Accept", "text/html"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("assertion=null");
  }

  @Test
  void aServiceTokenPassesUntilItIsRevoked() throws Exception {
    var host = "api." + zone;
    var api =
        publish(
            application(
                host,
                "/",
                AccessFixtures.policy(Action.SERVICE_AUTH, 1, Selector.anyServiceToken())));
    AccessServiceStandIn.register(api.id(), api.audience(), tenant);
    var tokenId = UUID.randomUUID();
    var clientId = tokenId.toString().substring(0, 8) + ".access";
    var record =
        new ServiceTokenRecord(
            tokenId,
            tenant,
            clientId,
            ServiceTokenRecord.hash(clientId, "s3cret"),
            OffsetDateTime.now(ZoneOffset.UTC).plusDays(1),
            false,
            1);
    topics.record(Topic.SERVICE_TOKENS, tokenId.toString(), record, ServiceTokenRecord.TYPE);
    await().atMost(PATIENCE).until(() -> access.serviceToken(clientId).isPresent());
    var credentials =
        Map.of("Outpost-Access-Client-Id", clientId, "Outpost-Access-Client-Secret", "s3cret");

    var response = get(host, "/v1/things", credentials);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("client-secret=null");
    var assertion =
        response.body().lines().findFirst().orElseThrow().substring("assertion=".length());
    var verified =
        AccessTokenVerifier.of(ISSUER, List.of(KEY.publicJwk()))
            .verify(assertion, api.audience(), Instant.now());
    assertThat(verified).isInstanceOf(Verification.Verified.class);
    assertThat(((Verification.Verified) verified).identity().serviceTokenClientId())
        .isEqualTo(clientId);
    assertThat(
            get(
                    host,
                    "/v1/things",
                    Map.of(
                        "Outpost-Access-Client-Id",
                        clientId,
                        "Outpost-Access-Client-Secret",
                        "wrong"))
                .statusCode())
        .isEqualTo(403);

    // Revoked: refused as soon as the router has read the record.
    topics.record(
        Topic.SERVICE_TOKENS,
        tokenId.toString(),
        new ServiceTokenRecord(
            tokenId, tenant, clientId, record.secretHash(), record.expiresAt(), true, 2),
        ServiceTokenRecord.TYPE);
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> get(host, "/v1/things", credentials).statusCode() == 403);
  }

  // --- helpers

  private Application publish(Application application) {
    topics.record(
        Topic.ACCESS_APPLICATIONS,
        application.id().toString(),
        application,
        "dev.outpost.access.application.v1");
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                access.match(tenant, application.hostname(), application.pathPrefix()).isPresent());
    return application;
  }

  private static String session(Application app, String email, long expiresInSeconds) {
    var expires = Instant.now().plusSeconds(expiresInSeconds);
    return KEY.sign(AccessFixtures.user(ISSUER, app, email, expires.minusSeconds(900), expires));
  }

  private Application application(String host, String prefix, Policy... policies) {
    return AccessFixtures.application(tenant, host, prefix, policies);
  }

  private int port() {
    return edge.publicAddress().getPort();
  }

  private HttpResponse<String> get(String host, String path, Map<String, String> headers)
      throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
            .header("Host", host + ":" + port());
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<AccessDecisionRecord> decisionsOf(UUID applicationId, int expected)
      throws Exception {
    var json =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule());
    try (var reader = new TopicReader(Topic.ACCESS_DECISIONS)) {
      var found = new ArrayList<AccessDecisionRecord>();
      for (var record : reader.awaitKey(applicationId.toString(), expected)) {
        found.add(json.readValue(record.value(), AccessDecisionRecord.class));
      }
      return found;
    }
  }
}
