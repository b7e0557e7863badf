package dev.outpost.access.token;

import java.util.Objects;

/** What {@link AccessTokenVerifier#verify} concluded: the identity, or why the token is refused. */
public sealed interface Verification {

  /** The token is genuine, current and meant for the application. */
  record Verified(AccessIdentity identity) implements Verification {
    public Verified {
      Objects.requireNonNull(identity, "identity");
    }
  }

  /**
   * The token is refused.
   *
   * @param reason a stable code, for metrics and the access log
   * @param detail a sentence for logs; never the token itself
   */
  record Refused(Reason reason, String detail) implements Verification {
    public Refused {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** Why a token is refused. */
  enum Reason {
    /** Not a compact JWS, or its header or claims are not JSON. */
    MALFORMED,
    /** Signed with anything but ES256 ({@code none}, HS256 with the public key, RS256...). */
    ALGORITHM_NOT_ALLOWED,
    /** The {@code kid} names no key the verifier holds (or there is no {@code kid}). */
    UNKNOWN_KEY,
    /** The signature does not verify: the header, payload or signature was changed. */
    BAD_SIGNATURE,
    /** {@code iss} is not the expected issuer. */
    WRONG_ISSUER,
    /** {@code aud} does not name the application: a token of another application or tenant. */
    WRONG_AUDIENCE,
    /** {@code exp} is past, beyond the clock skew. */
    EXPIRED,
    /** {@code nbf} or {@code iat} is in the future, beyond the clock skew. */
    NOT_YET_VALID,
    /** A required claim is missing or has the wrong type. */
    MISSING_CLAIM
  }

  default boolean verified() {
    return this instanceof Verified;
  }
}
