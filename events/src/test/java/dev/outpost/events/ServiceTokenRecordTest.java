package dev.outpost.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ServiceTokenRecordTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private static ServiceTokenRecord token(
      String secret, OffsetDateTime expiresAt, boolean revoked) {
    return new ServiceTokenRecord(
        UUID.randomUUID(),
        UUID.randomUUID(),
        "abc.access",
        ServiceTokenRecord.hash("abc.access", secret),
        expiresAt,
        revoked,
        1);
  }

  @Test
  void hashIsHexHmacSha256KeyedWithTheClientId() {
    // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
    assertThat(ServiceTokenRecord.hash("Jefe", "what do ya want for nothing?"))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  void theSameSecretHashesDifferentlyForAnotherClient() {
    assertThat(ServiceTokenRecord.hash("a.access", "s"))
        .isNotEqualTo(ServiceTokenRecord.hash("b.access", "s"));
  }

  @Test
  void acceptsTheRightPairOnlyWhileValid() {
    var later = OffsetDateTime.of(2027, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    assertThat(token("s3cret", later, false).accepts("abc.access", "s3cret", NOW)).isTrue();
    assertThat(token("s3cret", later, false).accepts("abc.access", "wrong", NOW)).isFalse();
    assertThat(token("s3cret", later, false).accepts("other.access", "s3cret", NOW)).isFalse();
    assertThat(token("s3cret", later, false).accepts("abc.access", null, NOW)).isFalse();
    assertThat(token("s3cret", later, true).accepts("abc.access", "s3cret", NOW)).isFalse();
    var past = OffsetDateTime.of(2025, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    assertThat(token("s3cret", past, false).accepts("abc.access", "s3cret", NOW)).isFalse();
  }
}
