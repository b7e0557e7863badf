package dev.outpost.api.webhook;

import dev.outpost.api.config.ApiConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keeps webhook signing secrets unreadable in the database and its backups. Unlike API tokens, a
 * signing secret cannot be stored as a hash: every delivery needs it to sign. Sealed with AES-GCM
 * under a key derived from {@code outpost.api.tunnel-secret-key} (HMAC-SHA256 of a fixed label), so
 * the operator keeps one key, and a sealed secret moved to another row or tampered with fails to
 * open (the subscription id is the associated data).
 */
@ApplicationScoped
public class SecretSealer {

  private static final String LABEL = "outpost webhook signing secrets v1";
  private static final int IV_BYTES = 12;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;

  @Inject
  SecretSealer(ApiConfig config) {
    this(Base64.getDecoder().decode(config.tunnelSecretKey()));
  }

  SecretSealer(byte[] rootKey) {
    try {
      var mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(rootKey, "HmacSHA256"));
      key = new SecretKeySpec(mac.doFinal(LABEL.getBytes(StandardCharsets.UTF_8)), "AES");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** The stored form of {@code secret} for the subscription {@code owner}. */
  public String seal(String secret, String owner) {
    var iv = new byte[IV_BYTES];
    RANDOM.nextBytes(iv);
    try {
      var cipher = cipher(Cipher.ENCRYPT_MODE, iv, owner);
      var sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder()
          .encodeToString(
              ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every JDK", e);
    }
  }

  /** The secret back; fails if {@code sealed} was not sealed for {@code owner} with this key. */
  public String open(String sealed, String owner) {
    var bytes = Base64.getDecoder().decode(sealed);
    try {
      var cipher = cipher(Cipher.DECRYPT_MODE, java.util.Arrays.copyOf(bytes, IV_BYTES), owner);
      var plain = cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "a webhook secret does not open: was outpost.api.tunnel-secret-key changed?", e);
    }
  }

  private Cipher cipher(int mode, byte[] iv, String owner) throws GeneralSecurityException {
    var cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, key, new GCMParameterSpec(128, iv));
    cipher.updateAAD(owner.getBytes(StandardCharsets.UTF_8));
    return cipher;
  }
}
