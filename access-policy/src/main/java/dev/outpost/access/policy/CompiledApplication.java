package dev.outpost.access.policy;

import java.util.List;
import java.util.Set;

/**
 * An {@link Application} checked and prepared once, so that the router can decide every request
 * from memory: ranges parsed, values lowercased, policies sorted, decisions built. {@link
 * #evaluate} allocates nothing on its usual paths, looks nothing up and cannot fail. Immutable and
 * safe to share between threads.
 *
 * <h2>How a request is decided</h2>
 *
 * <p><b>A policy matches</b> a request when at least one of its {@code include} selectors matches
 * (a valid policy has at least one), all of its {@code require} selectors match, and none of its
 * {@code exclude} selectors matches.
 *
 * <p><b>Order.</b> Policies are taken in two passes, each by ascending precedence; the first policy
 * that matches decides:
 *
 * <ol>
 *   <li>{@code bypass} and {@code service_auth} policies, whatever their precedence relative to the
 *       others. A {@code bypass} policy looks at no identity (only {@code everyone} and {@code ip}
 *       selectors are allowed in it): it lets the request in with no login ({@link
 *       Outcome#BYPASS}). A {@code service_auth} policy is only looked at when the request carries
 *       a service token of the application's tenant; it lets the request in as that token ({@link
 *       Outcome#SERVICE}), no login.
 *   <li>Without a logged-in user the request stops here: {@link Outcome#LOGIN_REQUIRED} when the
 *       application has at least one {@code allow} policy (once logged in, the user may be
 *       allowed), else {@link Outcome#DENY}.
 *   <li>A user who logged in with an identity provider that is not in a non-empty {@code
 *       identityProviders} list is denied, whatever the policies say.
 *   <li>{@code allow} and {@code deny} policies, top-down: the first that matches the user lets
 *       them in ({@link Outcome#ALLOW}) or turns them away ({@link Outcome#DENY}).
 *   <li>Nothing matched: {@link Outcome#DENY}.
 * </ol>
 *
 * <p><b>Selectors.</b> {@code everyone} matches every request the pass looks at. {@code email}
 * compares the whole address, ASCII case-insensitively. {@code email_domain} compares the part
 * after the last '@' exactly (case-insensitively): {@code acme.example} does not match {@code
 * eu.acme.example}; list each domain. {@code group} compares the identity provider's group names
 * exactly. {@code ip} tests the client address against a range ({@link IpRange}). {@code
 * service_token} matches that token, {@code any_service_token} any token of the application's
 * tenant; a token of another tenant matches neither. User selectors never match a service token,
 * and service-token selectors never match a user.
 */
public final class CompiledApplication {
  private static final Decision NO_POLICY_MATCHED =
      new Decision(Outcome.DENY, null, "no policy allows this user");
  private static final Decision NO_IDENTITY_NEEDS_LOGIN =
      new Decision(Outcome.LOGIN_REQUIRED, null, "log in to continue");
  private static final Decision NO_IDENTITY_DENIED =
      new Decision(
          Outcome.DENY, null, "no policy lets this request in, and none allows users who log in");

  private final Application application;
  private final String hostname;
  private final CompiledPolicy[] firstPass;
  private final CompiledPolicy[] userPass;
  private final boolean hasAllow;
  private final Set<String> identityProviders;

  CompiledApplication(
      Application application, String hostname, List<CompiledPolicy> sortedPolicies) {
    this.application = application;
    this.hostname = hostname;
    this.firstPass =
        sortedPolicies.stream().filter(p -> p.action.firstPass()).toArray(CompiledPolicy[]::new);
    this.userPass =
        sortedPolicies.stream().filter(p -> !p.action.firstPass()).toArray(CompiledPolicy[]::new);
    this.hasAllow = sortedPolicies.stream().anyMatch(p -> p.action == Action.ALLOW);
    this.identityProviders = Set.copyOf(application.identityProviders());
  }

  /**
   * Checks an application and prepares it for evaluation.
   *
   * @throws AccessPolicyException listing every problem, each with its field path
   */
  public static CompiledApplication compile(Application application) {
    return ApplicationCompiler.compile(application);
  }

  /** The application as published. */
  public Application application() {
    return application;
  }

  /** The hostname, lowercase, as {@link ApplicationTable} compares it. */
  public String hostname() {
    return hostname;
  }

  /** The path prefix: "/" or a prefix without a trailing '/'. */
  public String pathPrefix() {
    return application.pathPrefix();
  }

  /** Decides one request; see the class documentation for how. */
  public Decision evaluate(AccessRequest request) {
    ServiceTokenIdentity token = request.serviceTokenOrNull();
    boolean tokenOfTenant = token != null && token.tenantId().equals(application.tenantId());
    for (CompiledPolicy policy : firstPass) {
      boolean considered = policy.action == Action.BYPASS || tokenOfTenant;
      if (considered && policy.matches(request)) {
        return policy.decision;
      }
    }
    UserIdentity user = request.userOrNull();
    if (user == null) {
      return hasAllow ? NO_IDENTITY_NEEDS_LOGIN : NO_IDENTITY_DENIED;
    }
    if (!identityProviders.isEmpty() && !identityProviders.contains(user.identityProvider())) {
      return new Decision(
          Outcome.DENY,
          null,
          "logged in with identity provider '"
              + user.identityProvider()
              + "', which this application does not accept");
    }
    for (CompiledPolicy policy : userPass) {
      if (policy.matches(request)) {
        return policy.decision;
      }
    }
    return NO_POLICY_MATCHED;
  }

  @Override
  public String toString() {
    return "CompiledApplication["
        + application.id()
        + " "
        + hostname
        + application.pathPrefix()
        + " revision "
        + application.revision()
        + "]";
  }
}
