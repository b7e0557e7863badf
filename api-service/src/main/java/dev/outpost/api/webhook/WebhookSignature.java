package dev.outpost.api.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook deliveries the Standard Webhooks way (standardwebhooks.com): the receiver gets
 * {@code webhook-id}, {@code webhook-timestamp} (Unix seconds) and {@code webhook-signature}, a
 * space-separated list of {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">}, one per secret in
 * force. While a rotated secret's grace period lasts, a delivery carries both signatures, so a
 * receiver that still holds the old secret keeps verifying.
 *
 * <p>Secrets are {@code whsec_} followed by the base64 of 32 random bytes; the HMAC key is those
 * bytes, as the Standard Webhooks libraries expect.
 */
public final class WebhookSignature {

  static final String SECRET_PREFIX = "whsec_";
  private static final SecureRandom RANDOM = new SecureRandom();

  private WebhookSignature() {}

  /** A new signing secret, shown to the tenant once. */
  public static String newSecret() {
    var key = new byte[32];
    RANDOM.nextBytes(key);
    return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
  }

  /** The {@code webhook-signature} header's value: one signature for each secret, in order. */
  public static String header(List<String> secrets, String id, long timestamp, byte[] body) {
    var signatures = new ArrayList<String>(secrets.size());
    for (var secret : secrets) {
      signatures.add("v1," + Base64.getEncoder().encodeToString(mac(secret, id, timestamp, body)));
    }
    return String.join(" ", signatures);
  }

  /**
   * Whether {@code header} holds a valid v1 signature of this delivery under {@code secret}
   * (compared in constant time). Receivers should use their own code; this serves our tests of the
   * signer and the delivery log's "verify" help.
   */
  public static boolean verifies(
      String secret, String id, long timestamp, byte[] body, String header) {
    var expected = mac(secret, id, timestamp, body);
    for (var signature : header.split(" ")) {
      if (!signature.startsWith("v1,")) {
        continue;
      }
      byte[] presented;
      try {
        presented = Base64.getDecoder().decode(signature.substring(3));
      } catch (IllegalArgumentException notBase64) {
        continue;
      }
      if (MessageDigest.isEqual(expected, presented)) {
        return true;
      }
    }
    return false;
  }

  private static byte[] mac(String secret, String id, long timestamp, byte[] body) {
    if (!secret.startsWith(SECRET_PREFIX)) {
      throw new IllegalArgumentException("a webhook secret starts with " + SECRET_PREFIX);
    }
    var key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
    try {
      var mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
