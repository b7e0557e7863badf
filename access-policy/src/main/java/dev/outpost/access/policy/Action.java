package dev.outpost.access.policy;

/** What a policy does with a request its rules match, with the JSON names. */
public enum Action {
  /** Let a logged-in user in. */
  ALLOW("allow"),
  /** Turn a logged-in user away. */
  DENY("deny"),
  /** Let the request in without any identity: no login, no service token. */
  BYPASS("bypass"),
  /** Let in a request that carries a valid service token of the tenant; no login. */
  SERVICE_AUTH("service_auth");

  private final String wireName;

  Action(String wireName) {
    this.wireName = wireName;
  }

  /** The name in JSON: {@code service_auth}. */
  public String wireName() {
    return wireName;
  }

  /** Whether policies with this action are looked at before any allow or deny policy. */
  boolean firstPass() {
    return this == BYPASS || this == SERVICE_AUTH;
  }

  /** The action with this JSON name, or null. */
  public static Action fromWireName(String name) {
    for (Action action : values()) {
      if (action.wireName.equals(name)) {
        return action;
      }
    }
    return null;
  }
}
