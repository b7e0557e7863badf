package dev.outpost.connector.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {

  private static RandomGenerator fixed(double value) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        return 0;
      }

      @Override
      public double nextDouble() {
        return value;
      }
    };
  }

  @ParameterizedTest(name = "attempt {0}, random {1} -> {2} ms")
  @CsvSource({
    "0, 0.0,  500",
    "0, 1.0, 1000",
    "1, 0.0, 1000",
    "1, 1.0, 2000",
    "3, 0.5, 6000",
    "5, 1.0, 30000",
    "50, 0.0, 15000",
    "50, 1.0, 30000"
  })
  void growsExponentiallyWithJitterUpToTheCeiling(int attempt, double random, long millis) {
    var backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), fixed(random));
    assertThat(backoff.delay(attempt)).isEqualTo(Duration.ofMillis(millis));
  }

  @Test
  void refusesANonsensicalRange() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), fixed(0)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
