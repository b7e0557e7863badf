package dev.outpost.access.signingkey;

import dev.outpost.access.config.AccessConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM under the key of {@code outpost.access.key-encryption-key}: the private signing keys
 * at rest, and the login state cookie. A sealed value is a random 12-byte nonce followed by the
 * ciphertext and its 16-byte tag; the associated data binds it to its purpose (a kid, a cookie).
 * Thread-safe.
 */
@ApplicationScoped
public class KeyEncryption {

  private static final int NONCE = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKey key;

  @Inject
  KeyEncryption(AccessConfig config) {
    this(config.keyEncryptionKey());
  }

  KeyEncryption(String base64Key) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64Key.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("outpost.access.key-encryption-key is not base64");
    }
    if (bytes.length != 32) {
      throw new IllegalStateException(
          "outpost.access.key-encryption-key must be 32 bytes (base64), not " + bytes.length);
    }
    this.key = new SecretKeySpec(bytes, "AES");
  }

  /** A key for another purpose, derived from this one (HMAC-SHA256 of the purpose's name). */
  public SecretKey derive(String purpose) {
    try {
      var mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return new SecretKeySpec(mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8)), "AES");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public byte[] seal(byte[] plaintext, String associatedData) {
    return seal(key, plaintext, associatedData);
  }

  /**
   * @throws IllegalArgumentException when the value was not sealed with this key and data
   */
  public byte[] open(byte[] sealed, String associatedData) {
    return open(key, sealed, associatedData);
  }

  public static byte[] seal(SecretKey key, byte[] plaintext, String associatedData) {
    var nonce = new byte[NONCE];
    RANDOM.nextBytes(nonce);
    try {
      var cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
      var ciphertext = cipher.doFinal(plaintext);
      return ByteBuffer.allocate(NONCE + ciphertext.length).put(nonce).put(ciphertext).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static byte[] open(SecretKey key, byte[] sealed, String associatedData) {
    if (sealed == null || sealed.length < NONCE + TAG_BITS / 8) {
      throw new IllegalArgumentException("too short to be sealed");
    }
    try {
      var cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, Arrays.copyOf(sealed, NONCE)));
      cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(sealed, NONCE, sealed.length - NONCE);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not sealed with this key", e);
    }
  }
}
