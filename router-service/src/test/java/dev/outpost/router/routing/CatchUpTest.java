package dev.outpost.router.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CatchUpTest {

  private static final TopicPartition P0 = new TopicPartition("t", 0);
  private static final TopicPartition P1 = new TopicPartition("t", 1);

  @Test
  void isNotCaughtUpBeforeTheOffsetsAreKnown() {
    var catchUp = new CatchUp();
    catchUp.applied("t", 0, 100);

    assertThat(catchUp.caughtUp()).isFalse();
    assertThat(catchUp.partitionsBehind()).isEqualTo(-1);
  }

  @ParameterizedTest(name = "begins {0}, ends {1}, applied up to {2}: caught up {3}")
  @CsvSource({
    // an empty partition, never written or truncated, needs nothing
    "0, 0, -1, true",
    "7, 7, -1, true",
    // the last record at start is at end - 1
    "0, 5, -1, false",
    "0, 5, 3, false",
    "0, 5, 4, true",
    "0, 5, 9, true",
    "3, 5, 4, true"
  })
  void waitsForTheLastRecordAtStart(long begin, long end, long applied, boolean caughtUp) {
    var catchUp = new CatchUp();
    catchUp.expect(Map.of(P0, begin), Map.of(P0, end));
    if (applied >= 0) {
      catchUp.applied("t", 0, applied);
    }

    assertThat(catchUp.caughtUp()).isEqualTo(caughtUp);
  }

  @Test
  void waitsForEveryPartition() {
    var catchUp = new CatchUp();
    catchUp.expect(Map.of(P0, 0L, P1, 0L), Map.of(P0, 2L, P1, 3L));
    catchUp.applied("t", 0, 1);
    catchUp.applied("other", 1, 2);

    assertThat(catchUp.caughtUp()).isFalse();
    assertThat(catchUp.partitionsBehind()).isEqualTo(1);

    catchUp.applied("t", 1, 2);
    assertThat(catchUp.caughtUp()).isTrue();
    assertThat(catchUp.partitionsBehind()).isZero();
  }

  @Test
  void keepsTheHighestOffsetWhateverTheOrder() {
    var catchUp = new CatchUp();
    catchUp.applied("t", 0, 9);
    catchUp.applied("t", 0, 4);

    assertThat(catchUp.lastApplied(P0)).isEqualTo(9);
  }

  @Test
  void staysCaughtUpOnceCaughtUp() {
    var catchUp = new CatchUp();
    catchUp.expect(Map.of(P0, 0L), Map.of(P0, 1L));
    catchUp.applied("t", 0, 0);
    assertThat(catchUp.caughtUp()).isTrue();

    // Newer targets (a second probe) do not take readiness away.
    catchUp.expect(Map.of(P0, 0L), Map.of(P0, 50L));

    assertThat(catchUp.caughtUp()).isTrue();
  }
}
