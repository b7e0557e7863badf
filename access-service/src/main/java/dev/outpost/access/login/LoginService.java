package dev.outpost.access.login;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.access.accesslog.AccessDecisionEntity;
import dev.outpost.access.accesslog.AccessDecisionRepository;
import dev.outpost.access.application.ApplicationEntity;
import dev.outpost.access.application.ApplicationModel;
import dev.outpost.access.application.ApplicationRepository;
import dev.outpost.access.config.AccessConfig;
import dev.outpost.access.login.IdentityProviderClient.IdentityClaims;
import dev.outpost.access.policy.AccessRequest;
import dev.outpost.access.policy.Decision;
import dev.outpost.access.policy.PolicyEntity;
import dev.outpost.access.policy.PolicyRepository;
import dev.outpost.access.policy.UserIdentity;
import dev.outpost.access.signingkey.KeyEncryption;
import dev.outpost.access.signingkey.SigningKeyService;
import dev.outpost.access.token.AccessTokenClaims;
import dev.outpost.access.token.AccessTokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.crypto.SecretKey;
import org.jboss.logging.Logger;

/**
 * The end users' login in front of an application: OpenID Connect authorization code with PKCE at
 * the identity provider, the application's policies evaluated with the access-policy module (the
 * edge's own code), and on success an access token signed for the application, handed to the edge
 * at {@code https://<app host>/.outpost/authorized}. Every decision goes to the access log.
 */
@ApplicationScoped
public class LoginService {

  /** The identity provider alias of the provider's own accounts (no brokered provider). */
  public static final String LOCAL_PROVIDER = "local";

  static final String ALLOWED = "login_allowed";
  static final String DENIED = "login_denied";

  private static final Logger LOG = Logger.getLogger(LoginService.class);
  private static final TypeReference<List<String>> NAMES = new TypeReference<>() {};

  private final AccessConfig config;
  private final IdentityProviderClient identityProvider;
  private final ApplicationRepository applications;
  private final PolicyRepository policies;
  private final AccessDecisionRepository decisions;
  private final SigningKeyService signingKeys;
  private final ObjectMapper json;
  private final SecretKey stateKey;

  LoginService(
      AccessConfig config,
      IdentityProviderClient identityProvider,
      ApplicationRepository applications,
      PolicyRepository policies,
      AccessDecisionRepository decisions,
      SigningKeyService signingKeys,
      KeyEncryption encryption,
      ObjectMapper json) {
    this.config = config;
    this.identityProvider = identityProvider;
    this.applications = applications;
    this.policies = policies;
    this.decisions = decisions;
    this.signingKeys = signingKeys;
    this.json = json;
    this.stateKey = encryption.derive("login-state");
  }

  /** Where to send the browser, and the cookie that remembers this login. */
  public record Start(URI location, String cookieName, String cookieValue) {}

  /** How a login ended. */
  public sealed interface Finish {
    /** The user may in: go to the edge with the token. */
    record Authorized(URI location) implements Finish {}

    /** The user may not: say who they are and offer to sign in as someone else. */
    record Denied(String email, String application, String reason, URI signInAgain)
        implements Finish {}
  }

  /** Starts a login to {@code applicationId} that ends at {@code redirect}. */
  public Uni<Start> start(String applicationId, String redirect, boolean promptLogin) {
    var id = applicationId(applicationId);
    return Panache.withSession(() -> applications.findForLogin(id))
        .flatMap(
            app -> {
              if (app == null) {
                throw new LoginException("there is no such application");
              }
              var target = onApplicationHost(app, redirect);
              var state =
                  LoginState.start(
                      app.id, target.toString(), Instant.now().plus(config.loginTimeout()));
              var providers = read(app.identityProviders, NAMES);
              return identityProvider
                  .metadata()
                  .map(
                      meta -> {
                        var query = new LinkedHashMap<String, String>();
                        query.put("response_type", "code");
                        query.put("client_id", config.clientId());
                        query.put("redirect_uri", callbackUri().toString());
                        query.put("scope", "openid email profile");
                        query.put("state", state.state());
                        query.put("nonce", state.nonce());
                        query.put("code_challenge", state.challenge());
                        query.put("code_challenge_method", "S256");
                        if (promptLogin) {
                          query.put("prompt", "login");
                        }
                        if (providers.size() == 1 && !providers.get(0).equals(LOCAL_PROVIDER)) {
                          // Keycloak goes straight to that provider; more than one cannot be
                          // offered as a subset, so the policies refuse the others afterwards.
                          query.put("kc_idp_hint", providers.get(0));
                        }
                        var location =
                            URI.create(
                                meta.authorizationEndpoint()
                                    + "?"
                                    + IdentityProviderClient.formBody(query));
                        return new Start(location, state.cookieName(), state.seal(stateKey));
                      });
            });
  }

  /** Finishes the login of {@code state} when the identity provider sends the browser back. */
  public Uni<Finish> finish(
      String state, String code, String error, String cookie, String clientIp) {
    if (state == null || state.isBlank()) {
      throw new LoginException("the identity provider sent no state");
    }
    var login = LoginState.open(stateKey, state, cookie, Instant.now());
    if (error != null) {
      throw new LoginException("the identity provider ended the sign-in: " + error);
    }
    if (code == null || code.isBlank()) {
      throw new LoginException("the identity provider sent no code");
    }
    return identityProvider
        .exchange(code, login.verifier(), callbackUri())
        .flatMap(idToken -> identityProvider.verify(idToken, login.nonce()))
        .flatMap(claims -> decide(login, claims, clientIp));
  }

  /** Where the identity provider's logout is, coming back to the signed-out page. */
  public Uni<URI> logout() {
    return identityProvider
        .metadata()
        .map(
            meta -> {
              if (meta.endSessionEndpoint() == null) {
                return signedOutUri();
              }
              var query = new LinkedHashMap<String, String>();
              query.put("client_id", config.clientId());
              query.put("post_logout_redirect_uri", signedOutUri().toString());
              return URI.create(
                  meta.endSessionEndpoint() + "?" + IdentityProviderClient.formBody(query));
            });
  }

  private Uni<Finish> decide(LoginState login, IdentityClaims claims, String clientIp) {
    return Panache.withTransaction(
        () ->
            applications
                .findForLogin(login.applicationId())
                .flatMap(
                    app -> {
                      if (app == null) {
                        throw new LoginException("the application no longer exists");
                      }
                      return policies
                          .listOfApplication(app.tenantId, app.id)
                          .flatMap(list -> decide(login, claims, clientIp, app, list));
                    }));
  }

  private Uni<Finish> decide(
      LoginState login,
      IdentityClaims claims,
      String clientIp,
      ApplicationEntity app,
      List<PolicyEntity> list) {
    var now = Instant.now();
    var target = URI.create(login.redirect());
    Decision decision;
    if (claims.email() == null || claims.email().isBlank()) {
      decision = null;
    } else {
      decision = evaluate(app, list, claims, clientIp);
    }
    boolean allowed = decision != null && decision.permitted();
    var row = new AccessDecisionEntity();
    row.id = UUID.randomUUID();
    row.tenantId = app.tenantId;
    row.applicationId = app.id;
    row.policyId = decision == null || decision.policy() == null ? null : decision.policy().id();
    row.decision = allowed ? ALLOWED : DENIED;
    row.email = claims.email() == null ? null : claims.email().toLowerCase(Locale.ROOT);
    row.clientIp = clientIp;
    row.host = app.hostname;
    row.path =
        target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
    row.decidedAt = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
    var who = claims.email() == null ? "user " + claims.subject() : claims.email();
    LOG.infof(
        "login to application %s by %s: %s (%s)",
        app.id, who, row.decision, decision == null ? "no email" : decision.reason());
    var logged = decisions.persist(row);
    if (!allowed) {
      var reason =
          decision == null
              ? "Your account has no email address, which this application needs."
              : decision.reason();
      return logged.replaceWith(
          new Finish.Denied(who, app.name, reason, signInAgain(app.id, login.redirect())));
    }
    var token =
        AccessTokenClaims.user(
            config.publicUrl().toString().replaceAll("/+$", ""),
            app.audience,
            claims.subject(),
            claims.email(),
            claims.groups(),
            claims.identityProvider(),
            app.tenantId,
            now,
            now.plusSeconds(app.sessionSeconds));
    return logged
        .flatMap(saved -> signingKeys.sign(token))
        .map(jwt -> (Finish) new Finish.Authorized(authorizedUri(target, jwt)));
  }

  private Decision evaluate(
      ApplicationEntity app, List<PolicyEntity> list, IdentityClaims claims, String clientIp) {
    var compiled = ApplicationModel.compiled(app, list, json);
    if (compiled == null) {
      return null;
    }
    var user =
        new UserIdentity(
            claims.subject(),
            claims.email(),
            new HashSet<>(claims.groups()),
            claims.identityProvider());
    return compiled.evaluate(AccessRequest.of(address(clientIp), user));
  }

  /** The redirect, if it is an absolute http(s) URL on the application's host. */
  static URI onApplicationHost(ApplicationEntity app, String redirect) {
    if (redirect == null || redirect.isBlank()) {
      throw new LoginException("the sign-in link has no redirect");
    }
    URI uri;
    try {
      uri = new URI(redirect);
    } catch (URISyntaxException e) {
      throw new LoginException("the redirect is not a URL");
    }
    var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new LoginException("the redirect must be an http or https URL");
    }
    if (uri.getRawUserInfo() != null
        || uri.getHost() == null
        || !uri.getHost().equalsIgnoreCase(app.hostname)) {
      throw new LoginException("the redirect must go back to " + app.hostname);
    }
    return uri;
  }

  static URI authorizedUri(URI target, String token) {
    var query = new LinkedHashMap<String, String>();
    query.put("token", token);
    query.put("redirect", target.toString());
    return URI.create(
        target.getScheme().toLowerCase(Locale.ROOT)
            + "://"
            + target.getRawAuthority()
            + AccessTokens.AUTHORIZED_PATH
            + "?"
            + IdentityProviderClient.formBody(query));
  }

  private URI signInAgain(UUID applicationId, String redirect) {
    var query = new LinkedHashMap<String, String>();
    query.put("application", applicationId.toString());
    query.put("redirect", redirect);
    query.put("prompt", "login");
    return URI.create(base() + "/login?" + IdentityProviderClient.formBody(query));
  }

  URI callbackUri() {
    return URI.create(base() + "/callback");
  }

  URI signedOutUri() {
    return URI.create(base() + "/signed-out");
  }

  private String base() {
    return config.publicUrl().toString().replaceAll("/+$", "");
  }

  private static UUID applicationId(String value) {
    try {
      return UUID.fromString(value == null ? "" : value.trim());
    } catch (IllegalArgumentException e) {
      throw new LoginException("the sign-in link names no application");
    }
  }

  private static InetAddress address(String ip) {
    try {
      // A literal from the connection: no name is looked up.
      return InetAddress.getByName(ip == null ? "0.0.0.0" : ip);
    } catch (UnknownHostException e) {
      throw new LoginException("the client's address is unreadable");
    }
  }

  private <T> T read(String document, TypeReference<T> type) {
    try {
      return json.readValue(document, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
