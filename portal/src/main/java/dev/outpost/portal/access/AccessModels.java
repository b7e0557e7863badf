package dev.outpost.portal.access;

import dev.outpost.portal.web.Formats;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The access-service's applications, policies, service tokens and access log as the portal reads
 * them.
 */
public final class AccessModels {

  private AccessModels() {}

  /**
   * @param sessionDuration seconds
   */
  public record Application(
      String id,
      String name,
      String hostname,
      String pathPrefix,
      long sessionDuration,
      List<String> identityProviders,
      String audience,
      long revision,
      OffsetDateTime createdAt,
      OffsetDateTime updatedAt) {

    /** The session length as people say it: {@code 24 hours}. */
    public String session() {
      return Formats.seconds(sessionDuration);
    }
  }

  public record ApplicationRequest(
      String name,
      String hostname,
      String pathPrefix,
      Long sessionDuration,
      List<String> identityProviders) {}

  /** A rule: {@code {"type":"email","value":"alice@acme.example"}}. */
  public record Selector(String type, String value) {}

  public record Policy(
      String id,
      String applicationId,
      String name,
      String action,
      int precedence,
      List<Selector> include,
      List<Selector> require,
      List<Selector> exclude,
      OffsetDateTime createdAt,
      OffsetDateTime updatedAt) {}

  public record PolicyRequest(
      String name,
      String action,
      Integer precedence,
      List<Selector> include,
      List<Selector> require,
      List<Selector> exclude) {}

  public record PolicyOrder(List<String> policyIds) {}

  public record ServiceToken(
      String id,
      String name,
      String clientId,
      String state,
      boolean revoked,
      String createdBy,
      OffsetDateTime createdAt,
      OffsetDateTime expiresAt,
      OffsetDateTime lastRotatedAt,
      OffsetDateTime revokedAt) {}

  public record ServiceTokenRequest(String name, String duration) {}

  /** The answer to creating or rotating a service token: the only time the secret is shown. */
  public record IssuedServiceToken(
      ServiceToken serviceToken, String clientId, String clientSecret) {}

  public record AccessDecision(
      String id,
      String applicationId,
      String policyId,
      String decision,
      String email,
      String serviceTokenId,
      String clientIp,
      String host,
      String path,
      OffsetDateTime at) {}
}
