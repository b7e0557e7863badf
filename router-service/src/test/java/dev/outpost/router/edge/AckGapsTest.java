package dev.outpost.router.edge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AckGapsTest {

  @Test
  void anAcknowledgementLaterThanTheLimitAfterThePreviousOneIsAGap() {
    var gaps = new AckGaps(10_000);
    assertThat(gaps.acknowledged(1_000)).isFalse(); // the first
    assertThat(gaps.acknowledged(6_000)).isFalse();
    assertThat(gaps.acknowledged(16_000)).isFalse(); // exactly the limit
    assertThat(gaps.acknowledged(26_001)).isTrue(); // Kafka was away
    // Heartbeats held back by the producer are acknowledged together afterwards: one gap only.
    assertThat(gaps.acknowledged(26_002)).isFalse();
    assertThat(gaps.acknowledged(26_003)).isFalse();
  }
}
