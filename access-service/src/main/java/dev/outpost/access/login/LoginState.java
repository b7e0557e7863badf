package dev.outpost.access.login;

import dev.outpost.access.signingkey.KeyEncryption;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.SecretKey;

/**
 * What a login must remember while the browser is at the identity provider: kept in the browser, in
 * an encrypted, HttpOnly cookie named after the state ({@value #COOKIE_PREFIX}{@code <state>}, path
 * {@code /callback}, ten minutes).
 *
 * <p>Why a cookie and not a table: {@code /login} is public, so a row per visit would let anyone
 * fill the database, and any replica can finish a login it did not start. Why encrypted (AES-GCM)
 * and not only signed: the PKCE verifier must stay secret, or whoever sees the cookie could redeem
 * a stolen code. The cookie's name carries the state, so two logins in two tabs do not overwrite
 * each other, and the state itself is the associated data: a cookie cannot be replayed under
 * another state.
 *
 * @param state the OAuth {@code state}: 32 random bytes, base64url
 * @param verifier the PKCE code verifier: 32 random bytes, base64url
 * @param nonce the OpenID Connect nonce the ID token must carry
 * @param applicationId the application the user logs in to
 * @param redirect where the user was going, on the application's host
 * @param expiresAt when this login is too old to finish
 */
record LoginState(
    String state,
    String verifier,
    String nonce,
    UUID applicationId,
    String redirect,
    Instant expiresAt) {

  static final String COOKIE_PREFIX = "Outpost_Login_";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  static LoginState start(UUID applicationId, String redirect, Instant expiresAt) {
    return new LoginState(random(), random(), random(), applicationId, redirect, expiresAt);
  }

  String cookieName() {
    return COOKIE_PREFIX + state;
  }

  /** The S256 code challenge of the verifier. */
  String challenge() {
    try {
      var digest = java.security.MessageDigest.getInstance("SHA-256");
      return B64.encodeToString(digest.digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  String seal(SecretKey key) {
    var plain =
        String.join(
            "\n",
            verifier,
            nonce,
            applicationId.toString(),
            Long.toString(expiresAt.getEpochSecond()),
            redirect);
    return B64.encodeToString(
        KeyEncryption.seal(key, plain.getBytes(StandardCharsets.UTF_8), "login:" + state));
  }

  /**
   * The login of {@code state} from its cookie.
   *
   * @throws LoginException when the cookie is not one this service sealed for this state, or is too
   *     old
   */
  static LoginState open(SecretKey key, String state, String cookie, Instant now) {
    if (cookie == null || cookie.isBlank()) {
      throw new LoginException("this sign-in has no cookie: it was started in another browser");
    }
    String[] parts;
    try {
      var plain = KeyEncryption.open(key, Base64.getUrlDecoder().decode(cookie), "login:" + state);
      parts = new String(plain, StandardCharsets.UTF_8).split("\n", 5);
    } catch (IllegalArgumentException e) {
      throw new LoginException("this sign-in's state does not match its cookie");
    }
    var state0 =
        new LoginState(
            state,
            parts[0],
            parts[1],
            UUID.fromString(parts[2]),
            parts[4],
            Instant.ofEpochSecond(Long.parseLong(parts[3])));
    if (now.isAfter(state0.expiresAt())) {
      throw new LoginException("this sign-in took too long");
    }
    return state0;
  }

  private static String random() {
    var bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return B64.encodeToString(bytes);
  }
}
