package dev.outpost.access.policy;

/** The kinds of {@link Selector}, with their JSON names. */
public enum SelectorType {
  /** Every request; in an allow or deny policy, every logged-in user. */
  EVERYONE("everyone", false),
  /** A user's email address, compared case-insensitively (ASCII). */
  EMAIL("email", true),
  /**
   * The domain of a user's email address, exactly: {@code acme.example} matches {@code
   * alice@acme.example}, not {@code bob@eu.acme.example}.
   */
  EMAIL_DOMAIN("email_domain", true),
  /** A group the identity provider put the user in, compared exactly (case-sensitive). */
  GROUP("group", true),
  /** The client's address, in a CIDR range or equal to a bare address; IPv4 or IPv6. */
  IP("ip", true),
  /** One service token, by its id (a UUID). */
  SERVICE_TOKEN("service_token", true),
  /** Any valid service token of the application's tenant. */
  ANY_SERVICE_TOKEN("any_service_token", false);

  private final String wireName;
  private final boolean takesValue;

  SelectorType(String wireName, boolean takesValue) {
    this.wireName = wireName;
    this.takesValue = takesValue;
  }

  /** The name in JSON: {@code email_domain}. */
  public String wireName() {
    return wireName;
  }

  /** Whether a selector of this type needs a value (and one without must have none). */
  public boolean takesValue() {
    return takesValue;
  }

  /** Whether it looks at who the user is, so that it can match only a logged-in user. */
  boolean needsUser() {
    return this == EMAIL || this == EMAIL_DOMAIN || this == GROUP;
  }

  /** Whether it looks at a service token, so that it can match only in a service_auth policy. */
  boolean needsServiceToken() {
    return this == SERVICE_TOKEN || this == ANY_SERVICE_TOKEN;
  }

  /** The type with this JSON name, or null. */
  public static SelectorType fromWireName(String name) {
    for (SelectorType type : values()) {
      if (type.wireName.equals(name)) {
        return type;
      }
    }
    return null;
  }
}
