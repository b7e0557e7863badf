package dev.outpost.api.tunnel;

import dev.outpost.api.config.ApiConfig;
import dev.outpost.api.security.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tunnel secrets are derived, not stored: HMAC-SHA256 of the tunnel id and its secret generation
 * under the platform's tunnel secret key. The database holds only each secret's hash (what routers
 * check), yet an admin can fetch a tunnel's token again; rotating bumps the generation, and the old
 * secret stops matching the hash.
 */
@ApplicationScoped
public class TunnelSecrets {

  private final SecretKeySpec key;

  @Inject
  TunnelSecrets(ApiConfig config) {
    this(decodeKey(config.tunnelSecretKey()));
  }

  TunnelSecrets(byte[] key) {
    if (key.length < 32) {
      throw new IllegalArgumentException(
          "outpost.api.tunnel-secret-key must hold at least 32 bytes (base64)");
    }
    this.key = new SecretKeySpec(key, "HmacSHA256");
  }

  private static byte[] decodeKey(String base64) {
    try {
      return Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("outpost.api.tunnel-secret-key is not base64");
    }
  }

  /** The 32-byte secret of generation {@code generation} of tunnel {@code tunnelId}. */
  public byte[] secret(UUID tunnelId, int generation) {
    try {
      var mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(
          ("outpost-tunnel-secret:" + tunnelId + ":" + generation)
              .getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** The stored form of that secret, as routers see it in the configuration record. */
  public String hash(UUID tunnelId, int generation) {
    return Secrets.hash(secret(tunnelId, generation));
  }
}
