package dev.outpost.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pause decision, with a writer whose writability is scripted: what another event loop may do
 * to it between two looks is played out in order, deterministically.
 */
class BackpressureTest {

  /** A writer that answers isWritable() from a script, then with its last answer. */
  static final class ScriptedWriter extends EmbeddedChannel {
    private final ArrayDeque<Boolean> answers;
    private boolean last;

    ScriptedWriter(List<Boolean> answers) {
      this.answers = new ArrayDeque<>(answers);
      this.last = answers.getLast();
    }

    @Override
    public boolean isWritable() {
      if (!answers.isEmpty()) {
        last = answers.poll();
      }
      return last;
    }
  }

  @Test
  void aWriterWithRoomLeavesTheReaderReading() {
    var reader = new EmbeddedChannel();
    Backpressure.pauseIfFull(new ScriptedWriter(List.of(true)), reader);
    assertThat(reader.config().isAutoRead()).isTrue();
  }

  @Test
  void aWriterThatTheFlushEmptiedLeavesTheReaderReading() {
    var reader = new EmbeddedChannel();
    Backpressure.pauseIfFull(new ScriptedWriter(List.of(false, true)), reader);
    assertThat(reader.config().isAutoRead()).isTrue();
  }

  @Test
  void aWriterStillFullPausesTheReaderUntilItDrains() {
    var reader = new EmbeddedChannel();
    Backpressure.pauseIfFull(new ScriptedWriter(List.of(false, false, false)), reader);
    assertThat(reader.config().isAutoRead()).isFalse();

    Backpressure.follow(true, reader);
    assertThat(reader.config().isAutoRead()).isTrue();
  }

  @Test
  void aWriterOnAnotherLoopThatDrainsBetweenTheLookAndThePauseDoesNotStrandTheReader() {
    // Full at the first two looks; its own loop then drains it and its writability event resumes
    // the reader, all before this loop pauses the reader: the pause must not be the last word.
    var reader = new EmbeddedChannel();
    Backpressure.pauseIfFull(new ScriptedWriter(List.of(false, false, true)), reader);
    assertThat(reader.config().isAutoRead()).isTrue();
  }
}
