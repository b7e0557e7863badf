package dev.outpost.access.policy;

import java.util.List;
import java.util.UUID;

/**
 * One policy of an {@link Application}, as published: its rules decide whether it applies to a
 * request, its action what then happens. {@link CompiledApplication} documents the evaluation.
 *
 * <p>As written, not yet validated: {@link AccessPolicies#validate} reports what is wrong.
 *
 * @param id the policy's id
 * @param name for people: the access log and the 403 page show it
 * @param action an {@link Action#wireName()}: {@code allow}, {@code deny}, {@code bypass} or {@code
 *     service_auth}
 * @param precedence the order among the application's policies, 1 first; unique per application
 * @param include the policy applies when any of these matches; at least one
 * @param require ...and all of these match
 * @param exclude ...and none of these matches
 */
public record Policy(
    UUID id,
    String name,
    String action,
    int precedence,
    List<Selector> include,
    List<Selector> require,
    List<Selector> exclude) {

  /** Missing lists are empty; the lists are unmodifiable copies. */
  public Policy {
    include = Lists.copy(include);
    require = Lists.copy(require);
    exclude = Lists.copy(exclude);
  }

  public static Policy of(
      UUID id,
      String name,
      Action action,
      int precedence,
      List<Selector> include,
      List<Selector> require,
      List<Selector> exclude) {
    return new Policy(id, name, action.wireName(), precedence, include, require, exclude);
  }
}
