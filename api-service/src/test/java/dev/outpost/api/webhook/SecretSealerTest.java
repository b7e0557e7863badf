package dev.outpost.api.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretSealerTest {

  private final SecretSealer sealer = new SecretSealer(new byte[32]);

  @Test
  void aSealedSecretOpensForItsOwnerOnly() {
    var secret = WebhookSignature.newSecret();
    var sealed = sealer.seal(secret, "subscription-1");
    assertThat(sealed).doesNotContain(secret.substring(6));
    assertThat(sealer.seal(secret, "subscription-1"))
        .as("a fresh IV each time")
        .isNotEqualTo(sealed);
    assertThat(sealer.open(sealed, "subscription-1")).isEqualTo(secret);
    // Moved to another row, tampered with, or opened with another key: refused.
    assertThatThrownBy(() -> sealer.open(sealed, "subscription-2"))
        .isInstanceOf(IllegalStateException.class);
    var bytes = Base64.getDecoder().decode(sealed);
    bytes[bytes.length - 1] ^= 1;
    assertThatThrownBy(
            () -> sealer.open(Base64.getEncoder().encodeToString(bytes), "subscription-1"))
        .isInstanceOf(IllegalStateException.class);
    var otherKey = new byte[32];
    otherKey[0] = 1;
    assertThatThrownBy(() -> new SecretSealer(otherKey).open(sealed, "subscription-1"))
        .isInstanceOf(IllegalStateException.class);
  }
}
