package dev.outpost.api.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

  private final RetrySchedule schedule = RetrySchedule.DEFAULT;

  @Test
  void delaysDoubleWithJitterUpToTheCap() {
    var random = new SplittableRandom(7);
    for (int failures = 1; failures <= 60; failures++) {
      long backedOff =
          Math.min(3_600_000L, failures > 40 ? Long.MAX_VALUE : 5_000L << (failures - 1));
      for (int i = 0; i < 50; i++) {
        long delay = schedule.delayAfter(failures, random).toMillis();
        assertThat(delay).isBetween(backedOff / 2, backedOff);
      }
    }
  }

  @Test
  void jitterSpreadsReceiversThatComeBackTogether() {
    var random = new SplittableRandom(1);
    var delays = new java.util.HashSet<Long>();
    for (int i = 0; i < 100; i++) {
      delays.add(schedule.delayAfter(3, random).toMillis());
    }
    assertThat(delays.size()).isGreaterThan(50);
  }

  @Test
  void retriesLastHoursAndASubscriptionIsDisabledAfterTheConfiguredPeriod() {
    var random = new SplittableRandom(3);
    var elapsed = Duration.ZERO;
    int attempts = 0;
    while (elapsed.compareTo(Duration.ofHours(6)) < 0) {
      elapsed = elapsed.plus(schedule.delayAfter(++attempts, random));
    }
    // Hours of retries take a bounded number of attempts (hourly at the cap), not thousands.
    assertThat(attempts).isBetween(8, 30);
    var since = Instant.parse("2026-11-25T00:00:00Z");
    assertThat(schedule.givesUp(since, since.plus(Duration.ofDays(3)).minusSeconds(1))).isFalse();
    assertThat(schedule.givesUp(since, since.plus(Duration.ofDays(3)))).isTrue();
  }

  @Test
  void badSchedulesAreRefused() {
    assertThatThrownBy(
            () -> new RetrySchedule(Duration.ZERO, Duration.ofMinutes(1), Duration.ofDays(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new RetrySchedule(Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofDays(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> schedule.delayAfter(0, new SplittableRandom()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
