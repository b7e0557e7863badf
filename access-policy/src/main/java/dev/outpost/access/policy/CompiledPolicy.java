package dev.outpost.access.policy;

/**
 * A valid {@link Policy} ready for evaluation: its action read, its selectors turned into {@link
 * Condition}s, and the decision it makes built once, so that evaluating allocates nothing.
 */
final class CompiledPolicy {
  final Policy policy;
  final Action action;
  private final Condition[] include;
  private final Condition[] require;
  private final Condition[] exclude;
  final Decision decision;

  CompiledPolicy(
      Policy policy, Action action, Condition[] include, Condition[] require, Condition[] exclude) {
    this.policy = policy;
    this.action = action;
    this.include = include;
    this.require = require;
    this.exclude = exclude;
    this.decision = new Decision(outcome(action), policy, reason(action, policy.name()));
  }

  /** Any include matches, every require matches, no exclude matches. */
  boolean matches(AccessRequest request) {
    boolean included = false;
    for (Condition condition : include) {
      if (condition.test(request)) {
        included = true;
        break;
      }
    }
    if (!included) {
      return false;
    }
    for (Condition condition : require) {
      if (!condition.test(request)) {
        return false;
      }
    }
    for (Condition condition : exclude) {
      if (condition.test(request)) {
        return false;
      }
    }
    return true;
  }

  private static Outcome outcome(Action action) {
    return switch (action) {
      case ALLOW -> Outcome.ALLOW;
      case DENY -> Outcome.DENY;
      case BYPASS -> Outcome.BYPASS;
      case SERVICE_AUTH -> Outcome.SERVICE;
    };
  }

  private static String reason(Action action, String name) {
    return switch (action) {
      case ALLOW -> "allowed by policy '" + name + "'";
      case DENY -> "denied by policy '" + name + "'";
      case BYPASS -> "let in without login by bypass policy '" + name + "'";
      case SERVICE_AUTH -> "service token accepted by policy '" + name + "'";
    };
  }
}
