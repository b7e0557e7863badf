package dev.outpost.router.access;

import dev.outpost.access.policy.AccessRequest;
import dev.outpost.access.policy.Application;
import dev.outpost.access.policy.CompiledApplication;
import dev.outpost.access.policy.Decision;
import dev.outpost.access.policy.ServiceTokenIdentity;
import dev.outpost.access.policy.UserIdentity;
import dev.outpost.access.token.AccessIdentity;
import dev.outpost.access.token.AccessTokens;
import dev.outpost.access.token.Verification;
import dev.outpost.events.AccessDecisionRecord;
import dev.outpost.events.ServiceTokenRecord;
import dev.outpost.protocol.edge.EdgeGate;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Access control at the edge: decides every public request from the {@link AccessView} in memory
 * with the access-policy module's evaluation, the same code the access-service logs users in with.
 * See docs/access.md, "What the edge does".
 *
 * <ul>
 *   <li>A request no application of the tunnel's tenant covers passes untouched.
 *   <li>The session is the {@value AccessTokens#COOKIE} cookie: an access token verified from
 *       memory for the application's audience and tenant. Allowed, it reaches the origin in {@value
 *       AccessTokens#ORIGIN_HEADER}, and the cookie does not.
 *   <li>A service token is read from {@value AccessTokens#CLIENT_ID_HEADER} and {@value
 *       AccessTokens#CLIENT_SECRET_HEADER} and checked from memory on every request; its access
 *       token comes from the access-service once and is cached ({@link ServiceTokenSessions}).
 *   <li>No session: a browser is redirected to the login, a script gets 401. Denied: 403 naming who
 *       is signed in.
 *   <li>{@code /.outpost/authorized} and {@code /.outpost/logout} on a host with applications set
 *       and clear the cookie.
 * </ul>
 *
 * <p>Threading contract: {@link #check} runs on event loops and never blocks; everything it reads
 * is immutable or concurrent. Only a service token's first request on an application waits for I/O,
 * and then the stage completes later.
 */
public final class AccessGate implements EdgeGate {

  static final String ORIGIN_HEADER = AccessTokens.ORIGIN_HEADER.toLowerCase(Locale.ROOT);
  static final String CLIENT_ID_HEADER = AccessTokens.CLIENT_ID_HEADER.toLowerCase(Locale.ROOT);
  static final String CLIENT_SECRET_HEADER =
      AccessTokens.CLIENT_SECRET_HEADER.toLowerCase(Locale.ROOT);
  static final String ALLOW = "allow";
  static final String DENY = "deny";
  private static final String EDGE_PATHS = "/.outpost/";
  private static final InetAddress UNKNOWN_CLIENT = NetUtil.LOCALHOST4;

  /**
   * @param accessUrl the access-service's public URL, without a trailing '/'
   * @param allowLogInterval at most one allow per session (or service token) and application
   * @param denyLogInterval at most one deny per client address, identity and application
   */
  public record Settings(String accessUrl, Duration allowLogInterval, Duration denyLogInterval) {}

  private final AccessView view;
  private final Function<UUID, Optional<UUID>> tenantOfTunnel;
  private final ServiceTokenSessions serviceSessions;
  private final TokenExchange exchange;
  private final DecisionLog log;
  private final Clock clock;
  private final Settings settings;
  private final VerifiedTokens verified = new VerifiedTokens(100_000);
  private final DecisionThrottle throttle = new DecisionThrottle(100_000);

  public AccessGate(
      AccessView view,
      Function<UUID, Optional<UUID>> tenantOfTunnel,
      ServiceTokenSessions serviceSessions,
      TokenExchange exchange,
      DecisionLog log,
      Clock clock,
      Settings settings) {
    this.view = view;
    this.tenantOfTunnel = tenantOfTunnel;
    this.serviceSessions = serviceSessions;
    this.exchange = exchange;
    this.log = log;
    this.clock = clock;
    this.settings = settings;
  }

  @Override
  public CompletionStage<Verdict> check(Request request) {
    var tenant = tenantOfTunnel.apply(request.tunnelId()).orElse(null);
    if (tenant == null) {
      return Verdict.PASSING; // no tunnel, no tenant: nothing is protected, and nothing reachable
    }
    String path = RequestTarget.matchingPath(request.target());
    if (path.startsWith(EDGE_PATHS)) {
      var onHost = view.onHost(tenant, request.host());
      if (!onHost.isEmpty()) {
        if (path.equals(AccessTokens.AUTHORIZED_PATH)) {
          return done(authorized(request, tenant));
        }
        if (path.equals(AccessTokens.LOGOUT_PATH)) {
          return done(logout(request, onHost));
        }
      }
    }
    var application = view.match(tenant, request.host(), path);
    if (application.isEmpty()) {
      return Verdict.PASSING;
    }
    return enforce(request, application.get(), path);
  }

  private CompletionStage<Verdict> enforce(
      Request request, CompiledApplication compiled, String path) {
    var app = compiled.application();
    var now = clock.instant();
    var headers = request.headers();
    var session = session(headers, app, now);
    var token = ServiceTokenCheck.of(headers, view, app, now);
    var client = address(request.clientAddress());
    var decision =
        compiled.evaluate(
            new AccessRequest(
                client, session == null ? null : session.user(), token.identityOrNull()));
    switch (decision.outcome()) {
      case BYPASS -> {
        withoutSessionCookie(headers);
        return Verdict.PASSING;
      }
      case ALLOW -> {
        withoutSessionCookie(headers);
        if (throttle.admit(List.of(app.id(), session.jti()), now, settings.allowLogInterval())) {
          log(app, decision, ALLOW, session.email(), null, request, path, now);
        }
        return done(new Pass(List.of(Map.entry(ORIGIN_HEADER, session.token()))));
      }
      case SERVICE -> {
        withoutSessionCookie(headers);
        return serviceAccess(request, app, decision, token, path, now);
      }
      case LOGIN_REQUIRED -> {
        if (token.presented()) {
          return done(deny(request, app, decision, session, token, path, now));
        }
        return done(loginRequired(request, app));
      }
      case DENY -> {
        return done(deny(request, app, decision, session, token, path, now));
      }
    }
    throw new IllegalStateException("unknown outcome " + decision.outcome());
  }

  private CompletionStage<Verdict> serviceAccess(
      Request request,
      Application app,
      Decision decision,
      ServiceTokenCheck token,
      String path,
      Instant now) {
    var record = token.record();
    if (throttle.admit(List.of(app.id(), record.id()), now, settings.allowLogInterval())) {
      log(app, decision, ALLOW, null, record.id(), request, path, now);
    }
    var key = new ServiceTokenSessions.Key(app.id(), record.clientId(), token.secretHash());
    return serviceSessions
        .get(
            key,
            now,
            () ->
                exchange.exchange(
                    app.id(), record.clientId(), token.secret(), request.clientAddress()))
        .thenApply(
            exchanged ->
                switch (exchanged) {
                  case TokenExchange.Issued issued ->
                      new Pass(List.of(Map.entry(ORIGIN_HEADER, issued.token())));
                  case TokenExchange.Refused refused ->
                      AccessPages.denied(
                          false,
                          app.name(),
                          null,
                          refused.detail(),
                          null,
                          AccessTokens.LOGOUT_PATH);
                });
  }

  private Verdict loginRequired(Request request, Application app) {
    var original =
        AccessUrls.original(
            request.tls(), request.headers().authority(), request.host(), request.target());
    var login = AccessUrls.login(settings.accessUrl(), app.id(), original, false);
    if (isBrowser(request.headers())) {
      return Answer.redirect(302, login, List.of());
    }
    return AccessPages.loginRequired(app.name(), login);
  }

  private Verdict deny(
      Request request,
      Application app,
      Decision decision,
      Session session,
      ServiceTokenCheck token,
      String path,
      Instant now) {
    String email = session == null ? null : session.email();
    // Another tenant's token id never goes into this tenant's log.
    UUID tokenId = token.ofTenant(app.tenantId()) ? token.record().id() : null;
    String reason =
        token.presented() && token.identityOrNull() == null
            ? "The service token presented is not valid here: unknown, revoked, expired or of"
                + " another tenant."
            : decision.reason();
    var who = email != null ? email : tokenId != null ? tokenId.toString() : "";
    if (throttle.admit(
        List.of(app.id(), request.clientAddress(), who), now, settings.denyLogInterval())) {
      log(app, decision, DENY, email, tokenId, request, path, now);
    }
    var original =
        AccessUrls.original(
            request.tls(), request.headers().authority(), request.host(), request.target());
    return AccessPages.denied(
        isBrowser(request.headers()),
        app.name(),
        email,
        reason,
        AccessUrls.login(settings.accessUrl(), app.id(), original, true),
        AccessTokens.LOGOUT_PATH);
  }

  /** {@code /.outpost/authorized?token&redirect}: the login's way back, setting the cookie. */
  private Verdict authorized(Request request, UUID tenant) {
    var accept = request.headers().get("accept");
    var query = RequestTarget.queryParameters(request.target());
    var redirect = query.get("redirect");
    var token = query.get("token");
    if (!AccessUrls.onRequestOrigin(redirect, request.tls(), request.headers().authority())) {
      return AccessPages.badRequest(
          "The sign-in must come back to a page of this site; start again from the page you"
              + " wanted.",
          accept);
    }
    var target = java.net.URI.create(redirect);
    var compiled =
        view.match(
            tenant,
            request.host(),
            RequestTarget.matchingPath(target.getRawPath() == null ? "/" : target.getRawPath()));
    if (compiled.isEmpty() || token == null) {
      return AccessPages.badRequest(
          "This sign-in link is not for an application of this site; start again.", accept);
    }
    var app = compiled.get().application();
    var now = clock.instant();
    var identity = userIdentity(token, app, now);
    if (identity == null) {
      return AccessPages.badRequest(
          "This sign-in link is not valid (expired, altered or for another application); open the"
              + " page again to sign in.",
          accept);
    }
    long maxAge = Duration.between(now, identity.expiresAt()).getSeconds();
    return Answer.redirect(
        302,
        redirect,
        List.of(
            Map.entry(
                "set-cookie",
                Cookies.setCookie(
                    AccessTokens.COOKIE, token, app.pathPrefix(), maxAge, request.tls()))));
  }

  /** {@code /.outpost/logout}: forgets every session cookie of the host, then the identity. */
  private Verdict logout(Request request, List<CompiledApplication> onHost) {
    var cookies = new ArrayList<Map.Entry<String, String>>();
    onHost.stream()
        .map(CompiledApplication::pathPrefix)
        .distinct()
        .forEach(
            prefix ->
                cookies.add(
                    Map.entry(
                        "set-cookie",
                        Cookies.setCookie(AccessTokens.COOKIE, "", prefix, 0, request.tls()))));
    return Answer.redirect(302, AccessUrls.logout(settings.accessUrl()), cookies);
  }

  /** The first session cookie that is a user's valid token for this application, or null. */
  private Session session(Http2Headers headers, Application app, Instant now) {
    var cookieHeaders = headers.getAll("cookie");
    if (cookieHeaders.isEmpty()) {
      return null;
    }
    for (var token : Cookies.values(cookieHeaders, AccessTokens.COOKIE)) {
      var identity = userIdentity(token, app, now);
      if (identity != null) {
        return new Session(token, identity);
      }
    }
    return null;
  }

  private AccessIdentity userIdentity(String token, Application app, Instant now) {
    var verification = verified.verify(view.verifier(), token, app.audience(), now);
    if (verification instanceof Verification.Verified(AccessIdentity identity)
        && identity.tenantId().equals(app.tenantId())
        && identity.user().isPresent()) {
      return identity;
    }
    return null;
  }

  private void log(
      Application app,
      Decision decision,
      String outcome,
      String email,
      UUID serviceTokenId,
      Request request,
      String path,
      Instant now) {
    log.record(
        new AccessDecisionRecord(
            UUID.randomUUID(),
            app.tenantId(),
            app.id(),
            decision.policy() == null ? null : decision.policy().id(),
            outcome,
            email,
            serviceTokenId,
            request.clientAddress(),
            request.host(),
            path,
            OffsetDateTime.ofInstant(now, ZoneOffset.UTC)));
  }

  private static void withoutSessionCookie(Http2Headers headers) {
    var cookieHeaders = headers.getAll("cookie");
    if (cookieHeaders.isEmpty() || !Cookies.contains(cookieHeaders, AccessTokens.COOKIE)) {
      return;
    }
    var kept = Cookies.without(cookieHeaders, AccessTokens.COOKIE);
    headers.remove("cookie");
    kept.forEach(value -> headers.add("cookie", value));
  }

  private static boolean isBrowser(Http2Headers headers) {
    return AccessUrls.isBrowser(headers.get("accept"), headers.get("x-requested-with"));
  }

  private static InetAddress address(String literal) {
    var address = literal == null ? null : NetUtil.createInetAddressFromIpAddressString(literal);
    return address == null ? UNKNOWN_CLIENT : address;
  }

  private static CompletionStage<Verdict> done(Verdict verdict) {
    return CompletableFuture.completedFuture(verdict);
  }

  /** A verified session: the cookie's token and who it names. */
  private record Session(String token, AccessIdentity identity) {
    UserIdentity user() {
      return identity.user().orElseThrow();
    }

    String email() {
      return identity.email();
    }

    String jti() {
      return identity.tokenId() == null ? token : identity.tokenId();
    }
  }

  /** The service token a request presents, checked from memory. */
  private record ServiceTokenCheck(
      boolean presented,
      ServiceTokenRecord record,
      String secret,
      String secretHash,
      boolean accepted) {

    static ServiceTokenCheck of(
        Http2Headers headers, AccessView view, Application app, Instant now) {
      var clientId = headers.get(CLIENT_ID_HEADER);
      var secret = headers.get(CLIENT_SECRET_HEADER);
      if (clientId == null && secret == null) {
        return new ServiceTokenCheck(false, null, null, null, false);
      }
      var record = view.serviceToken(clientId == null ? null : clientId.toString()).orElse(null);
      var secretText = secret == null ? null : secret.toString();
      boolean accepted =
          record != null
              && record.tenantId().equals(app.tenantId())
              && record.accepts(record.clientId(), secretText, now);
      return new ServiceTokenCheck(
          true,
          record,
          secretText,
          accepted ? ServiceTokenRecord.hash(record.clientId(), secretText) : null,
          accepted);
    }

    ServiceTokenIdentity identityOrNull() {
      return accepted
          ? new ServiceTokenIdentity(record.id(), record.clientId(), record.tenantId())
          : null;
    }

    boolean ofTenant(UUID tenantId) {
      return record != null && record.tenantId().equals(tenantId);
    }
  }
}
