package dev.outpost.access.policy;

import java.util.Objects;

/**
 * The result of {@link CompiledApplication#evaluate}.
 *
 * @param outcome what to do with the request
 * @param policy the policy that decided, or null when no policy did (the default deny, a login
 *     required, an identity provider the application does not accept)
 * @param reason a short sentence for the access log and the 403 page, naming the policy if any;
 *     never another tenant's data
 */
public record Decision(Outcome outcome, Policy policy, String reason) {
  public Decision {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(reason, "reason");
  }

  /** Whether the request goes on to the origin. */
  public boolean permitted() {
    return outcome.permitted();
  }
}
