package dev.outpost.api.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

  private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

  @Test
  void reproducesTheStandardWebhooksPublishedVector() {
    // The specification's own example: a receiver's Standard Webhooks library accepts ours.
    assertThat(
            WebhookSignature.header(
                List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330,
                BODY))
        .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  void duringARotationBothSecretsSignAndEitherVerifies() {
    var old = WebhookSignature.newSecret();
    var current = WebhookSignature.newSecret();
    var header = WebhookSignature.header(List.of(current, old), "msg_1", 1700000000, BODY);
    assertThat(header.split(" ")).hasSize(2).allMatch(s -> s.startsWith("v1,"));
    assertThat(WebhookSignature.verifies(old, "msg_1", 1700000000, BODY, header)).isTrue();
    assertThat(WebhookSignature.verifies(current, "msg_1", 1700000000, BODY, header)).isTrue();
  }

  @Test
  void aTamperedBodyIdOrTimestampDoesNotVerify() {
    var secret = WebhookSignature.newSecret();
    var header = WebhookSignature.header(List.of(secret), "msg_1", 1700000000, BODY);
    var tampered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);
    assertThat(WebhookSignature.verifies(secret, "msg_1", 1700000000, tampered, header)).isFalse();
    assertThat(WebhookSignature.verifies(secret, "msg_2", 1700000000, BODY, header)).isFalse();
    assertThat(WebhookSignature.verifies(secret, "msg_1", 1700000001, BODY, header)).isFalse();
    assertThat(
            WebhookSignature.verifies(
                WebhookSignature.newSecret(), "msg_1", 1700000000, BODY, header))
        .isFalse();
    assertThat(WebhookSignature.verifies(secret, "msg_1", 1700000000, BODY, "v1,not-base64!"))
        .isFalse();
  }

  @Test
  void secretsAreWhsecAnd32RandomBytes() {
    var secret = WebhookSignature.newSecret();
    assertThat(secret).startsWith("whsec_");
    assertThat(java.util.Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
    assertThat(WebhookSignature.newSecret()).isNotEqualTo(secret);
    assertThatThrownBy(() -> WebhookSignature.header(List.of("plain"), "m", 1, BODY))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
