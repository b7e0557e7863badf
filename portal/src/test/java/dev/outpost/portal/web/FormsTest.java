package dev.outpost.portal.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.NotFoundException;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The small text helpers of forms and links: times, query strings, ids, durations. */
class FormsTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      nullValues = "null",
      value = {
        "2026-11-25T14:05          | 2026-11-25T14:05:00Z",
        "2026-11-25T14:05:30       | 2026-11-25T14:05:30Z",
        "2026-11-25T14:05:00+01:00 | 2026-11-25T14:05:00+01:00",
        "garbage                   | garbage",
        "'  '                      | null"
      })
  void timesTypedInAFormAreUtc(String typed, String sent) {
    assertThat(Times.utc(typed)).isEqualTo(sent);
  }

  @Test
  void queryStringsLeaveOutBlankValuesAndEncodeTheRest() {
    assertThat(Query.of("name", "web prod", "status", "", "cursor", null, "x", "a&b=c"))
        .isEqualTo("name=web+prod&x=a%26b%3Dc");
    assertThat(Query.of("name", " ")).isEmpty();
  }

  @Test
  void onlyIdsAndHostnamesReachAnApiPath() {
    assertThat(Ids.uuid("3B603F36-A54A-4469-8139-CCD52D32AF1F"))
        .isEqualTo("3b603f36-a54a-4469-8139-ccd52d32af1f");
    Assertions.assertThatThrownBy(() -> Ids.uuid("../api-tokens"))
        .isInstanceOf(NotFoundException.class);
    assertThat(Ids.hostname("app.acme.example")).isEqualTo("app.acme.example");
    Assertions.assertThatThrownBy(() -> Ids.hostname("a/../b"))
        .isInstanceOf(NotFoundException.class);
  }

  @ParameterizedTest
  @CsvSource({
    "86400, 1 day",
    "28800, 8 hours",
    "5400, 90 minutes",
    "3600, 1 hour",
    "61, 61 seconds"
  })
  void durationsAreWrittenAsPeopleSayThem(long seconds, String said) {
    assertThat(Formats.seconds(seconds)).isEqualTo(said);
  }
}
