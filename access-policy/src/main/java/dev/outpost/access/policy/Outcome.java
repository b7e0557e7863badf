package dev.outpost.access.policy;

/** What the router does with a request, from {@link Decision#outcome()}. */
public enum Outcome {
  /** Pass it on with no identity: a bypass policy matched. */
  BYPASS,
  /** Pass it on with the user's identity: an allow policy matched. */
  ALLOW,
  /** Pass it on with the service token's identity: a service_auth policy matched. */
  SERVICE,
  /** Refuse it (403). */
  DENY,
  /** Send the client to log in: once logged in, an allow policy may let the user in. */
  LOGIN_REQUIRED;

  /** Whether the request goes on to the origin. */
  public boolean permitted() {
    return this == BYPASS || this == ALLOW || this == SERVICE;
  }
}
