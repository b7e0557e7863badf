package dev.outpost.router.routing;

/** The outcome of checking a connector's tunnel secret against the routing view. */
public enum SecretCheck {
  /** The tunnel is active and the secret matches its hash. */
  OK,
  /** The view holds no such tunnel (yet): it may have been created a moment ago. */
  UNKNOWN_TUNNEL,
  /** The tunnel is deleted (or in a state this router does not know): refuse it. */
  DELETED,
  /** The tunnel is active but the secret does not match, e.g. it was rotated. */
  WRONG_SECRET
}
