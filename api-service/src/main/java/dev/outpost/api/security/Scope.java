package dev.outpost.api.security;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** What a caller may do within its tenant. Tenant admins hold all; viewers the read scopes. */
public enum Scope {
  TUNNELS_READ("tunnels:read"),
  TUNNELS_WRITE("tunnels:write"),
  ROUTES_READ("routes:read"),
  ROUTES_WRITE("routes:write"),
  WEBHOOKS_READ("webhooks:read"),
  WEBHOOKS_WRITE("webhooks:write"),
  AUDIT_READ("audit:read");

  private final String value;

  Scope(String value) {
    this.value = value;
  }

  /** The scope as API tokens and documentation spell it. */
  public String value() {
    return value;
  }

  public boolean isRead() {
    return value.endsWith(":read");
  }

  public static Optional<Scope> parse(String value) {
    return Arrays.stream(values()).filter(s -> s.value.equals(value)).findFirst();
  }

  public static Set<Scope> all() {
    return EnumSet.allOf(Scope.class);
  }

  public static Set<Scope> reads() {
    var reads = EnumSet.noneOf(Scope.class);
    Arrays.stream(values()).filter(Scope::isRead).forEach(reads::add);
    return reads;
  }
}
