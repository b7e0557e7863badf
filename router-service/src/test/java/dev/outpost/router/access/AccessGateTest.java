package dev.outpost.router.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.access.policy.Action;
import dev.outpost.access.policy.Application;
import dev.outpost.access.policy.Policy;
import dev.outpost.access.policy.Selector;
import dev.outpost.access.token.AccessTokenClaims;
import dev.outpost.access.token.SigningKey;
import dev.outpost.events.AccessDecisionRecord;
import dev.outpost.events.ServiceTokenRecord;
import dev.outpost.protocol.edge.EdgeGate;
import dev.outpost.protocol.edge.EdgeGate.Answer;
import dev.outpost.protocol.edge.EdgeGate.Pass;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Decisions to verdicts: the gate over a real access view, with tokens signed here. */
class AccessGateTest {

  static final String ISSUER = "http://access.test";
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final UUID ACME = UUID.randomUUID();
  static final UUID GLOBEX = UUID.randomUUID();
  static final UUID ACME_TUNNEL = UUID.randomUUID();
  static final UUID GLOBEX_TUNNEL = UUID.randomUUID();
  static final SigningKey KEY = SigningKey.generate("key-1");
  static final SigningKey STRANGER = SigningKey.generate("key-1");

  final AccessView view = new AccessView(ISSUER);
  final List<AccessDecisionRecord> logged = new ArrayList<>();
  final List<String> exchanges = new ArrayList<>();
  CompletableFuture<TokenExchange.Exchanged> exchangeAnswer;
  final AccessGate gate =
      new AccessGate(
          view,
          tunnel ->
              Optional.ofNullable(
                  tunnel.equals(ACME_TUNNEL) ? ACME : tunnel.equals(GLOBEX_TUNNEL) ? GLOBEX : null),
          new ServiceTokenSessions(Duration.ofSeconds(10), Duration.ofSeconds(5), 100),
          (app, clientId, secret, ip) -> {
            exchanges.add(clientId);
            return exchangeAnswer;
          },
          logged::add,
          Clock.fixed(NOW, ZoneOffset.UTC),
          new AccessGate.Settings(ISSUER, Duration.ofMinutes(5), Duration.ofSeconds(10)));

  final Application wiki =
      AccessFixtures.application(
          ACME,
          "wiki.acme.example",
          "/",
          AccessFixtures.policy(Action.DENY, 1, Selector.email("mallory@acme.example")),
          AccessFixtures.policy(Action.ALLOW, 2, Selector.emailDomain("acme.example")));
  final Application publicPages =
      AccessFixtures.application(
          ACME,
          "wiki.acme.example",
          "/public",
          AccessFixtures.policy(Action.BYPASS, 1, Selector.everyone()));
  final Application api =
      AccessFixtures.application(
          ACME,
          "api.acme.example",
          "/",
          AccessFixtures.policy(Action.SERVICE_AUTH, 1, Selector.anyServiceToken()));
  final Application globexOnAcmeHost =
      AccessFixtures.application(
          GLOBEX,
          "open.acme.example",
          "/",
          AccessFixtures.policy(Action.DENY, 1, Selector.everyone()));
  final ServiceTokenRecord token =
      serviceToken(ACME, "c1.access", "s3cret", false, NOW.plusSeconds(3600));

  AccessGateTest() {
    view.applySigningKey(KEY.kid(), KEY.publicJwk());
    List.of(wiki, publicPages, api, globexOnAcmeHost).forEach(view::applyApplication);
    view.applyServiceToken(token.id(), token);
    exchangeAnswer =
        CompletableFuture.completedFuture(
            new TokenExchange.Issued("service-jwt", NOW.plusSeconds(600)));
  }

  @Test
  void aRequestNoApplicationCoversPassesUntouched() {
    var headers = browser().add("cookie", "Outpost_Authorization=x; a=1");
    assertThat(check("other.acme.example", "/", headers)).isEqualTo(Pass.PASS);
    assertThat(headers.get("cookie")).hasToString("Outpost_Authorization=x; a=1");
    // Another tenant's application never applies to this tenant's host.
    assertThat(check("open.acme.example", "/", browser())).isEqualTo(Pass.PASS);
  }

  @Test
  void withoutASessionABrowserIsSentToLogInAndAScriptGets401() {
    var redirect = (Answer) check("wiki.acme.example", "/docs?page=2", browser());
    assertThat(redirect.status()).isEqualTo(302);
    assertThat(header(redirect, "location"))
        .isEqualTo(
            ISSUER
                + "/login?application="
                + wiki.id()
                + "&redirect=http%3A%2F%2Fwiki.acme.example%3A8000%2Fdocs%3Fpage%3D2");

    var script = (Answer) check("wiki.acme.example", "/docs", new DefaultHttp2Headers());
    assertThat(script.status()).isEqualTo(401);
    assertThat(header(script, "content-type")).isEqualTo("application/problem+json");
    assertThat(body(script)).contains("/login?application=" + wiki.id());

    var xhr = browser().add("x-requested-with", "XMLHttpRequest");
    assertThat(((Answer) check("wiki.acme.example", "/", xhr)).status()).isEqualTo(401);
    assertThat(logged).isEmpty();
  }

  @Test
  void aValidSessionPassesWithTheAssertionAndWithoutTheCookie() {
    var jwt = KEY.sign(user(wiki, "alice@acme.example"));
    var headers = browser().add("cookie", "a=1; Outpost_Authorization=" + jwt).add("cookie", "b=2");

    var verdict = (Pass) check("wiki.acme.example", "/docs", headers);

    assertThat(verdict.set()).containsExactly(Map.entry("outpost-access-jwt-assertion", jwt));
    assertThat(headers.getAll("cookie"))
        .extracting(CharSequence::toString)
        .containsExactly("a=1", "b=2");
    assertThat(logged)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.decision()).isEqualTo("allow");
              assertThat(d.email()).isEqualTo("alice@acme.example");
              assertThat(d.applicationId()).isEqualTo(wiki.id());
              assertThat(d.tenantId()).isEqualTo(ACME);
              assertThat(d.policyId()).isEqualTo(wiki.policies().get(1).id());
              assertThat(d.clientIp()).isEqualTo("203.0.113.7");
              assertThat(d.path()).isEqualTo("/docs");
            });
    // The same session again: passes, not logged again within the interval.
    check("wiki.acme.example", "/other", browser().add("cookie", "Outpost_Authorization=" + jwt));
    assertThat(logged).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "tampered",
        "expired",
        "wrong audience",
        "alg none",
        "other tenant",
        "unknown key",
        "service token",
        "garbage"
      })
  void refusedTokensAreNoSession(String kind) {
    var jwt = refusedToken(kind);
    var answer =
        (Answer)
            check(
                "wiki.acme.example", "/", browser().add("cookie", "Outpost_Authorization=" + jwt));
    assertThat(answer.status()).as(kind).isEqualTo(302);
    assertThat(header(answer, "location")).startsWith(ISSUER + "/login?");
  }

  String refusedToken(String kind) {
    return switch (kind) {
      case "tampered" ->
          AccessFixtures.tampered(KEY.sign(user(wiki, "alice@acme.example")), "alice@", "admin@");
      case "expired" ->
          KEY.sign(
              AccessFixtures.user(
                  ISSUER,
                  wiki,
                  "alice@acme.example",
                  NOW.minusSeconds(7200),
                  NOW.minusSeconds(3600)));
      case "wrong audience" -> KEY.sign(user(api, "alice@acme.example"));
      case "alg none" ->
          AccessFixtures.unsigned(KEY.sign(user(wiki, "alice@acme.example")), KEY.kid());
      case "other tenant" ->
          KEY.sign(AccessFixtures.ofTenant(user(wiki, "alice@acme.example"), GLOBEX));
      case "unknown key" -> STRANGER.sign(user(wiki, "alice@acme.example"));
      case "service token" ->
          KEY.sign(
              AccessTokenClaims.service(
                  ISSUER,
                  wiki.audience(),
                  token.id(),
                  token.clientId(),
                  ACME,
                  NOW,
                  NOW.plusSeconds(600)));
      default -> "not-a-jwt";
    };
  }

  @Test
  void aDeniedUserSeesWhoIsSignedInAndHowToSwitch() {
    var jwt = KEY.sign(user(wiki, "mallory@acme.example"));
    var page =
        (Answer)
            check(
                "wiki.acme.example", "/x", browser().add("cookie", "Outpost_Authorization=" + jwt));
    assertThat(page.status()).isEqualTo(403);
    assertThat(body(page))
        .contains("signed in as mallory@acme.example")
        .contains("Sign in as someone else")
        .contains("/login?application=" + wiki.id())
        .contains("&amp;prompt=login")
        .contains("/.outpost/logout");
    var script =
        (Answer)
            check(
                "wiki.acme.example",
                "/x",
                new DefaultHttp2Headers().add("cookie", "Outpost_Authorization=" + jwt));
    assertThat(header(script, "content-type")).isEqualTo("application/problem+json");
    assertThat(body(script)).contains("mallory@acme.example");
    // Denies are logged, once per client and identity within the interval.
    assertThat(logged)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.decision()).isEqualTo("deny");
              assertThat(d.email()).isEqualTo("mallory@acme.example");
              assertThat(d.policyId()).isEqualTo(wiki.policies().get(0).id());
            });
  }

  @Test
  void aBypassedPathPassesWithoutIdentityOrCookie() {
    var headers = new DefaultHttp2Headers().add("cookie", "Outpost_Authorization=x");
    assertThat(check("wiki.acme.example", "/x/../public/%69ndex.html", headers))
        .isEqualTo(Pass.PASS);
    assertThat(headers.contains("cookie")).isFalse();
    // Normalized before matching: the same path written otherwise is still the wiki's.
    assertThat(((Answer) check("wiki.acme.example", "/public/../private", browser())).status())
        .isEqualTo(302);
  }

  @Test
  void aServiceTokenPassesWithTheExchangedTokenAskedForOnce() {
    var verdict = (Pass) check("api.acme.example", "/v1", credentials("c1.access", "s3cret"));
    assertThat(verdict.set())
        .containsExactly(Map.entry("outpost-access-jwt-assertion", "service-jwt"));
    check("api.acme.example", "/v2", credentials("c1.access", "s3cret"));
    assertThat(exchanges).containsExactly("c1.access");
    assertThat(logged)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.decision()).isEqualTo("allow");
              assertThat(d.serviceTokenId()).isEqualTo(token.id());
              assertThat(d.email()).isNull();
            });
  }

  @Test
  void aRevokedExpiredOrWrongServiceTokenIsRefusedFromMemory() {
    check("api.acme.example", "/", credentials("c1.access", "s3cret"));
    var revoked =
        new ServiceTokenRecord(
            token.id(),
            ACME,
            token.clientId(),
            token.secretHash(),
            token.expiresAt(),
            true,
            token.revision() + 1);
    view.applyServiceToken(token.id(), revoked);
    assertThat(
            ((Answer) check("api.acme.example", "/", credentials("c1.access", "s3cret"))).status())
        .isEqualTo(403);

    var expired = serviceToken(ACME, "c2.access", "s", false, NOW.minusSeconds(1));
    view.applyServiceToken(expired.id(), expired);
    assertThat(((Answer) check("api.acme.example", "/", credentials("c2.access", "s"))).status())
        .isEqualTo(403);
    assertThat(
            ((Answer) check("api.acme.example", "/", credentials("c1.access", "wrong"))).status())
        .isEqualTo(403);

    var globex = serviceToken(GLOBEX, "c3.access", "s", false, NOW.plusSeconds(60));
    view.applyServiceToken(globex.id(), globex);
    var answer = (Answer) check("api.acme.example", "/", credentials("c3.access", "s"));
    assertThat(answer.status()).isEqualTo(403);
    assertThat(body(answer)).contains("not valid");
    assertThat(exchanges).containsExactly("c1.access");
    assertThat(logged)
        .filteredOn(d -> d.decision().equals("deny"))
        .extracting(AccessDecisionRecord::serviceTokenId)
        .containsExactly(token.id(), expired.id(), null); // never another tenant's token id
  }

  @Test
  void anExchangeTheAccessServiceRefusesIs403AndOneThatFailsFailsTheStage() {
    exchangeAnswer =
        CompletableFuture.completedFuture(new TokenExchange.Refused("no policy admits it"));
    var refused = (Answer) check("api.acme.example", "/", credentials("c1.access", "s3cret"));
    assertThat(refused.status()).isEqualTo(403);
    assertThat(body(refused)).contains("no policy admits it");

    var other = serviceToken(ACME, "c4.access", "s", false, NOW.plusSeconds(3600));
    view.applyServiceToken(other.id(), other);
    exchangeAnswer = CompletableFuture.failedFuture(new IllegalStateException("unreachable"));
    var stage = gate.check(request("api.acme.example", "/", credentials("c4.access", "s"), false));
    assertThat(stage.toCompletableFuture()).isCompletedExceptionally();
  }

  @Test
  void authorizedSetsTheCookieAndReturnsToTheOriginalPage() {
    var jwt = KEY.sign(user(wiki, "alice@acme.example"));
    var back = "http://wiki.acme.example:8000/docs?page=2";
    var target =
        "/.outpost/authorized?token="
            + jwt
            + "&redirect="
            + java.net.URLEncoder.encode(back, StandardCharsets.UTF_8);

    var answer = (Answer) check("wiki.acme.example", target, browser());
    assertThat(answer.status()).isEqualTo(302);
    assertThat(header(answer, "location")).isEqualTo(back);
    assertThat(header(answer, "set-cookie"))
        .isEqualTo(
            "Outpost_Authorization=" + jwt + "; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax");

    var overTls =
        (Answer)
            gate.check(
                    request(
                        "wiki.acme.example",
                        target.replace("http%3A", "https%3A").replace("%3A8000", ""),
                        browser().authority("wiki.acme.example"),
                        true))
                .toCompletableFuture()
                .join();
    assertThat(header(overTls, "set-cookie")).endsWith("; Secure");
  }

  @Test
  void authorizedRefusesForeignRedirectsAndBadTokens() {
    var jwt = KEY.sign(user(wiki, "alice@acme.example"));
    for (var target :
        List.of(
            "/.outpost/authorized?token=" + jwt + "&redirect=http%3A%2F%2Fevil.example%2F",
            "/.outpost/authorized?token=" + jwt + "&redirect=%2Fdocs",
            "/.outpost/authorized?token="
                + KEY.sign(user(api, "alice@acme.example"))
                + "&redirect=http%3A%2F%2Fwiki.acme.example%3A8000%2F",
            "/.outpost/authorized?redirect=http%3A%2F%2Fwiki.acme.example%3A8000%2F")) {
      var answer = (Answer) check("wiki.acme.example", target, browser());
      assertThat(answer.status()).as(target).isEqualTo(400);
      assertThat(answer.headers()).extracting(Map.Entry::getKey).doesNotContain("set-cookie");
    }
  }

  @Test
  void logoutClearsTheCookiesOfTheHostAndEndsTheIdentityProvidersSession() {
    var answer = (Answer) check("wiki.acme.example", "/.outpost/logout", browser());
    assertThat(answer.status()).isEqualTo(302);
    assertThat(header(answer, "location")).isEqualTo(ISSUER + "/logout");
    assertThat(answer.headers())
        .filteredOn(h -> h.getKey().equals("set-cookie"))
        .extracting(Map.Entry::getValue)
        .containsExactlyInAnyOrder(
            "Outpost_Authorization=; Path=/public; Max-Age=0; HttpOnly; SameSite=Lax",
            "Outpost_Authorization=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
    // A host without applications keeps its own /.outpost paths.
    assertThat(check("other.acme.example", "/.outpost/logout", browser())).isEqualTo(Pass.PASS);
  }

  @Test
  void anApplicationThatDoesNotCompileStaysClosed() {
    var broken =
        new Application(
            UUID.randomUUID(),
            ACME,
            "broken",
            "broken.acme.example",
            "/",
            3600,
            List.of(),
            "c".repeat(64),
            1,
            List.of(
                new Policy(
                    UUID.randomUUID(),
                    "future",
                    "allow",
                    1,
                    List.of(new Selector("device_posture", "ok")),
                    List.of(),
                    List.of())));
    view.applyApplication(broken);
    var jwt = KEY.sign(user(broken, "alice@acme.example"));
    assertThat(
            ((Answer)
                    check(
                        "broken.acme.example",
                        "/",
                        browser().add("cookie", "Outpost_Authorization=" + jwt)))
                .status())
        .isEqualTo(403);
  }

  // --- helpers

  EdgeGate.Verdict check(String host, String target, Http2Headers headers) {
    if (headers.authority() == null) {
      headers.authority(host + ":8000");
    }
    return gate.check(request(host, target, headers, false)).toCompletableFuture().join();
  }

  static EdgeGate.Request request(String host, String target, Http2Headers headers, boolean tls) {
    var tunnel = host.startsWith("globex") ? GLOBEX_TUNNEL : ACME_TUNNEL;
    return new EdgeGate.Request(host, tunnel, "GET", target, headers, "203.0.113.7", tls);
  }

  static Http2Headers browser() {
    return new DefaultHttp2Headers().add("accept", "text/html,application/xhtml+xml,*/*;q=0.8");
  }

  static Http2Headers credentials(String clientId, String secret) {
    return new DefaultHttp2Headers()
        .add("outpost-access-client-id", clientId)
        .add("outpost-access-client-secret", secret);
  }

  static String header(Answer answer, String name) {
    return answer.headers().stream()
        .filter(h -> h.getKey().equals(name))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }

  static String body(Answer answer) {
    return new String(answer.body(), StandardCharsets.UTF_8);
  }

  static AccessTokenClaims user(Application app, String email) {
    return AccessFixtures.user(ISSUER, app, email, NOW, NOW.plusSeconds(3600));
  }

  static ServiceTokenRecord serviceToken(
      UUID tenant, String clientId, String secret, boolean revoked, Instant expires) {
    return new ServiceTokenRecord(
        UUID.randomUUID(),
        tenant,
        clientId,
        ServiceTokenRecord.hash(clientId, secret),
        OffsetDateTime.ofInstant(expires, ZoneOffset.UTC),
        revoked,
        1);
  }
}
