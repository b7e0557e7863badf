package dev.outpost.events;

import java.util.List;
import java.util.UUID;

/**
 * An access application with its policies, as the edge enforces it: on {@link
 * Topic#ACCESS_APPLICATIONS}, keyed by application id. Every change of the application or of any of
 * its policies publishes the whole application again with a higher {@code revision} (a consumer
 * ignores a record whose revision is not newer than the one it holds); a deleted application gets a
 * tombstone (a null value).
 *
 * @param hostname the exact host name (lower case) the application protects
 * @param pathPrefix the path the application covers, starting with {@code /}; {@code /} is all
 * @param sessionSeconds how long an end user's access session lasts
 * @param identityProviders the identity providers (Keycloak aliases) a user may log in with; empty
 *     means any
 * @param audience 64 hex characters, random, fixed for the application's life: the {@code aud} of
 *     its access tokens
 * @param policies in evaluation order (ascending {@code precedence}, 1 first)
 */
public record AccessApplicationRecord(
    UUID id,
    UUID tenantId,
    String name,
    String hostname,
    String pathPrefix,
    long sessionSeconds,
    List<String> identityProviders,
    String audience,
    long revision,
    List<Policy> policies) {

  public static final String TYPE = "dev.outpost.access.application.v1";

  /**
   * One policy of an application.
   *
   * @param action {@code allow}, {@code deny}, {@code bypass} or {@code service_auth}
   * @param precedence 1 is evaluated first; unique within the application
   * @param include a request matches the policy if it matches any of these
   * @param require ... and all of these
   * @param exclude ... and none of these
   */
  public record Policy(
      UUID id,
      String name,
      String action,
      int precedence,
      List<Selector> include,
      List<Selector> require,
      List<Selector> exclude) {}

  /**
   * One rule of a policy.
   *
   * @param type {@code everyone}, {@code email}, {@code email_domain}, {@code group}, {@code ip} (a
   *     CIDR block), {@code service_token} (a token id) or {@code any_service_token}
   * @param value what the type compares with; null for {@code everyone} and {@code
   *     any_service_token}
   */
  public record Selector(String type, String value) {}
}
