package dev.outpost.infra.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Secrets a local platform needs and keeps across restarts, made on first use under the state
 * folder (readable by the owner only): a restart must not invalidate the tunnels' tokens.
 */
final class LocalSecrets {

  private LocalSecrets() {}

  /** The api-service's tunnel secret key: 32 random bytes, base64. */
  static String tunnelSecretKey(Path state) {
    return randomKey(state, "tunnel-secret.key");
  }

  /**
   * The access-service's key encryption key (its private signing keys at rest, its login cookie):
   * 32 random bytes, base64. Losing it only means new signing keys and new logins.
   */
  static String accessKeyEncryptionKey(Path state) {
    return randomKey(state, "access-key-encryption.key");
  }

  private static String randomKey(Path state, String name) {
    var file = state.resolve("secrets").resolve(name);
    try {
      if (Files.exists(file)) {
        return Files.readString(file).trim();
      }
      Files.createDirectories(file.getParent());
      var key = new byte[32];
      new SecureRandom().nextBytes(key);
      var encoded = Base64.getEncoder().encodeToString(key);
      Files.writeString(file, encoded);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // Windows: the folder's own permissions apply
      }
      return encoded;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep a secret key in " + file, e);
    }
  }
}
