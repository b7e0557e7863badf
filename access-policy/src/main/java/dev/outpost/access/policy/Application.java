package dev.outpost.access.policy;

import java.util.List;
import java.util.UUID;

/**
 * A protected application as the access-service publishes it on Kafka and the router reads it:
 * requests for {@code hostname} whose path is under {@code pathPrefix} go through its policies.
 *
 * <pre>{@code
 * {"id":"...","tenantId":"...","name":"Wiki","hostname":"wiki.acme.example","pathPrefix":"/",
 *  "sessionSeconds":86400,"identityProviders":[],"audience":"<64 hex>","revision":3,
 *  "policies":[{"id":"...","name":"Staff","action":"allow","precedence":1,
 *               "include":[{"type":"email_domain","value":"acme.example"}],
 *               "require":[],"exclude":[]}]}
 * }</pre>
 *
 * <p>As written, not yet validated: {@link AccessPolicies#validate} reports every problem, {@link
 * CompiledApplication#compile} turns a valid one into what the router evaluates.
 *
 * @param id the application's id
 * @param tenantId the tenant that owns it, and whose service tokens {@code any_service_token} means
 * @param name for people
 * @param hostname the exact host it protects (no wildcard, no port), case-insensitive
 * @param pathPrefix "/" for the whole host, else a prefix such as "/admin" that matches "/admin"
 *     and "/admin/x", not "/administrator"
 * @param sessionSeconds how long a login lasts, 300 (5 minutes) to 2592000 (30 days)
 * @param identityProviders the identity providers a user may log in with; empty for any
 * @param audience the application's audience tag (64 lowercase hex characters) put in its tokens
 * @param revision grows with every change, so that a reader can ignore an older copy
 * @param policies in any order; precedence orders them
 */
public record Application(
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

  /** Shortest session: 5 minutes. */
  public static final int MIN_SESSION_SECONDS = 5 * 60;

  /** Longest session: 30 days. */
  public static final int MAX_SESSION_SECONDS = 30 * 24 * 60 * 60;

  /** Missing lists are empty; the lists are unmodifiable copies. */
  public Application {
    identityProviders = Lists.copy(identityProviders);
    policies = Lists.copy(policies);
  }
}
