package dev.outpost.access.servicetoken;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.access.application.ApplicationEntity;
import dev.outpost.access.application.ApplicationModel;
import dev.outpost.access.application.ApplicationRepository;
import dev.outpost.access.config.AccessConfig;
import dev.outpost.access.policy.AccessRequest;
import dev.outpost.access.policy.Outcome;
import dev.outpost.access.policy.PolicyEntity;
import dev.outpost.access.policy.PolicyRepository;
import dev.outpost.access.policy.ServiceTokenIdentity;
import dev.outpost.access.signingkey.SigningKeyService;
import dev.outpost.access.token.AccessTokenClaims;
import io.netty.util.NetUtil;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The edge's token exchange for service tokens (OAuth 2.0 client credentials, RFC 6749 §4.4): a
 * client id and secret, checked against the stored hash, for an access token of one application
 * whose {@code service_auth} policies admit the token. The edge holds no private key, so it asks
 * here once per token and application and caches the answer; it checks revocation and expiry from
 * memory on every request.
 */
@ApplicationScoped
public class TokenExchangeService {

  private static final Logger LOG = Logger.getLogger(TokenExchangeService.class);

  private final ServiceTokenRepository tokens;
  private final ApplicationRepository applications;
  private final PolicyRepository policies;
  private final SigningKeyService signingKeys;
  private final AccessConfig config;
  private final ObjectMapper json;

  TokenExchangeService(
      ServiceTokenRepository tokens,
      ApplicationRepository applications,
      PolicyRepository policies,
      SigningKeyService signingKeys,
      AccessConfig config,
      ObjectMapper json) {
    this.tokens = tokens;
    this.applications = applications;
    this.policies = policies;
    this.signingKeys = signingKeys;
    this.config = config;
    this.json = json;
  }

  /** An access token and how many seconds it lives. */
  public record Issued(String accessToken, long expiresIn) {}

  /**
   * Why the exchange is refused, as OAuth says it.
   *
   * @param status 400 (invalid_request), 401 (invalid_client) or 403 (access_denied)
   */
  public static final class Refused extends RuntimeException {
    private final int status;
    private final String error;

    Refused(int status, String error, String description) {
      super(description, null, false, false);
      this.status = status;
      this.error = error;
    }

    public int status() {
      return status;
    }

    public String error() {
      return error;
    }
  }

  /**
   * @param clientIp the client's address as the edge saw it, for IP rules; the edge evaluates the
   *     policies again with it on every request, so a caller lying about it gains nothing there
   */
  @WithSession
  public Uni<Issued> exchange(
      String clientId, String clientSecret, String applicationId, String clientIp) {
    if (clientId == null || clientId.isBlank() || clientSecret == null || clientSecret.isBlank()) {
      throw new Refused(400, "invalid_request", "client_id and client_secret are required");
    }
    var appId = uuid(applicationId);
    var address = address(clientIp);
    var now = Instant.now();
    return tokens
        .findByClientId(clientId)
        .map(token -> checked(token, clientId, clientSecret, now))
        .flatMap(
            token ->
                // The token's own tenant only: another tenant's application is not found.
                applications
                    .findVisible(token.tenantId, appId)
                    .flatMap(
                        app -> {
                          if (app == null) {
                            throw new Refused(400, "invalid_request", "no such application");
                          }
                          return policies
                              .listOfApplication(app.tenantId, app.id)
                              .map(list -> admitted(token, app, list, address))
                              .flatMap(admitted -> sign(token, app, now));
                        }));
  }

  private static ServiceTokenEntity checked(
      ServiceTokenEntity token, String clientId, String clientSecret, Instant now) {
    if (token == null || !ServiceTokenService.record(token).accepts(clientId, clientSecret, now)) {
      throw new Refused(401, "invalid_client", "unknown client, wrong secret, revoked or expired");
    }
    return token;
  }

  private ApplicationEntity admitted(
      ServiceTokenEntity token,
      ApplicationEntity app,
      List<PolicyEntity> list,
      InetAddress client) {
    var compiled = ApplicationModel.compiled(app, list, json);
    var identity = new ServiceTokenIdentity(token.id, token.clientId, token.tenantId);
    var decision = compiled == null ? null : compiled.evaluate(AccessRequest.of(client, identity));
    if (decision == null || decision.outcome() != Outcome.SERVICE) {
      LOG.infof(
          "service token %s refused for application %s: %s",
          token.id, app.id, decision == null ? "it does not compile" : decision.reason());
      throw new Refused(
          403, "access_denied", "no service_auth policy of the application admits this token");
    }
    return app;
  }

  /** Lives as long as the application's session, or until the service token expires. */
  private Uni<Issued> sign(ServiceTokenEntity token, ApplicationEntity app, Instant now) {
    var session = now.plusSeconds(app.sessionSeconds);
    var tokenExpiry = token.expiresAt.toInstant();
    var expires = tokenExpiry.isBefore(session) ? tokenExpiry : session;
    var claims =
        AccessTokenClaims.service(
            config.publicUrl().toString().replaceAll("/+$", ""),
            app.audience,
            token.id,
            token.clientId,
            token.tenantId,
            now,
            expires);
    return signingKeys
        .sign(claims)
        .map(jwt -> new Issued(jwt, expires.getEpochSecond() - now.getEpochSecond()));
  }

  private static UUID uuid(String value) {
    try {
      return UUID.fromString(value == null ? "" : value.trim());
    } catch (IllegalArgumentException e) {
      throw new Refused(400, "invalid_request", "application must be an application id");
    }
  }

  private static InetAddress address(String ip) {
    var address = ip == null ? null : NetUtil.createInetAddressFromIpAddressString(ip.trim());
    if (address == null) {
      throw new Refused(400, "invalid_request", "client_ip must be an IP address");
    }
    return address;
  }
}
