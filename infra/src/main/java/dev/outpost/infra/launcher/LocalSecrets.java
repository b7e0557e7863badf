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
    var file = state.resolve("secrets").resolve("tunnel-secret.key");
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
      throw new UncheckedIOException("cannot keep the tunnel secret key in " + file, e);
    }
  }
}
