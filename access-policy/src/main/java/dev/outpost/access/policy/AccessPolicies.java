package dev.outpost.access.policy;

import java.util.List;

/**
 * Validation for the access-service: every problem in an application or a policy at once, each with
 * its field path, ready for the {@code errors[]} of an RFC 9457 problem response. The router needs
 * none of this: {@link CompiledApplication#compile} checks the same things.
 */
public final class AccessPolicies {
  private AccessPolicies() {}

  /**
   * Every problem in an application, in document order: {@code hostname}, {@code
   * policies[1].include[0]}...; empty when {@link CompiledApplication#compile} would accept it.
   */
  public static List<Violation> validate(Application application) {
    return ApplicationCompiler.violations(application);
  }

  /**
   * Every problem in one policy on its own, with field paths relative to it ({@code include[0]}),
   * as for a request body that holds one policy. What depends on the other policies (a duplicate
   * precedence or id) shows only when the whole application is validated.
   */
  public static List<Violation> validate(Policy policy) {
    return ApplicationCompiler.violations(policy);
  }
}
