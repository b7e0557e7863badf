package dev.outpost.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "0, PT0S",
    "-0, PT0S",
    "0s, PT0S",
    "30s, PT30S",
    "+30s, PT30S",
    "90s, PT1M30S",
    "1m30s, PT1M30S",
    "1h, PT1H",
    "1h2m3.5s, PT1H2M3.5S",
    "1.5h, PT1H30M",
    ".5s, PT0.5S",
    "1.s, PT1S",
    "500ms, PT0.5S",
    "1500us, PT0.0015S",
    "1500\u00b5s, PT0.0015S",
    "1500\u03bcs, PT0.0015S",
    "7ns, PT0.000000007S",
    "1m1m, PT2M",
    "-1.5s, PT-1.5S",
  })
  void parsesGoDurations(String text, Duration expected) {
    assertThat(Durations.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "rejects ''{0}''")
  @ValueSource(
      strings = {
        "",
        "-",
        "s",
        ".s",
        "30",
        "1.2.3s",
        "10 seconds",
        "10sec",
        "1d",
        "1h 30m",
        "m30",
        "30S",
        "3000000h"
      })
  void rejectsWhatGoRejects(String text) {
    assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse(text));
  }

  @ParameterizedTest(name = "{0} is written {1}")
  @CsvSource({
    "PT0S, 0s",
    "PT30S, 30s",
    "PT1M30S, 1m30s",
    "PT1M, 1m",
    "PT1H, 1h",
    "PT1H0.5S, 1h0.5s",
    "PT25H1M1S, 25h1m1s",
    "PT1.5S, 1.5s",
    "PT0.5S, 500ms",
    "PT0.0015S, 1.5ms",
    "PT0.000002S, 2us",
    "PT0.000000007S, 7ns",
    "PT-1.5S, -1.5s",
  })
  void formatsTheWayGoParses(Duration duration, String expected) {
    assertThat(Durations.format(duration)).isEqualTo(expected);
    assertThat(Durations.parse(expected)).isEqualTo(duration);
  }

  static Stream<Arguments> seconds() {
    return Stream.of(
        arguments(0, Duration.ZERO),
        arguments(30, Duration.ofSeconds(30)),
        arguments(90L, Duration.ofSeconds(90)),
        arguments((short) 5, Duration.ofSeconds(5)),
        arguments(BigInteger.TEN, Duration.ofSeconds(10)),
        arguments(1.5, Duration.ofMillis(1500)),
        arguments(0.25f, Duration.ofMillis(250)),
        arguments(new BigDecimal("0.001"), Duration.ofMillis(1)));
  }

  @ParameterizedTest(name = "{0} seconds is {1}")
  @MethodSource("seconds")
  void readsNumbersAsSeconds(Number seconds, Duration expected) {
    assertThat(Durations.ofSeconds(seconds)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "rejects {0} seconds")
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, 1e300})
  void rejectsNumbersThatAreNoDuration(double seconds) {
    assertThatIllegalArgumentException().isThrownBy(() -> Durations.ofSeconds(seconds));
  }
}
