package dev.outpost.api.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Random secrets and their stored form. Secrets we generate carry 256 random bits, so a plain
 * SHA-256 is a safe stored form (no password stretching needed) and lets us look one up by hash.
 */
public final class Secrets {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() {}

  public static byte[] randomBytes(int length) {
    var bytes = new byte[length];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  /** URL-safe, unpadded base64 of {@code length} random bytes. */
  public static String randomToken(int length) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(length));
  }

  /** The stored form of a secret: hex SHA-256. */
  public static String hash(String secret) {
    return hash(secret.getBytes(StandardCharsets.UTF_8));
  }

  public static String hash(byte[] secret) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** Compares in time independent of where the inputs differ. */
  public static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
