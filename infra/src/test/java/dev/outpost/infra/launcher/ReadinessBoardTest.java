package dev.outpost.infra.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ReadinessBoardTest {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final ReadinessBoard board =
      new ReadinessBoard(new PrintStream(bytes, true, StandardCharsets.UTF_8));
  private final AtomicBoolean ready = new AtomicBoolean();
  private final AtomicBoolean alive = new AtomicBoolean(true);

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void printsOnlyChangesAndTellsALostServiceFromOneStillStarting() {
    board.add(
        new Component(
            "api-service", "http://api.outpost.test", ready::get, alive::get, () -> 2048));
    board.poll();
    assertThat(printed()).containsOnlyOnce("starting").doesNotContain("ready");
    assertThat(board.allReady()).isFalse();

    ready.set(true);
    board.poll();
    board.poll();
    assertThat(printed()).containsOnlyOnce("ready      api-service");
    assertThat(board.allReady()).isTrue();

    ready.set(false);
    board.poll();
    assertThat(printed()).contains("NOT READY  api-service");

    alive.set(false);
    board.poll();
    assertThat(printed()).contains("EXITED     api-service");
    assertThat(board.exited()).extracting(Component::name).containsExactly("api-service");
  }

  @Test
  void memoryReportAddsUpTheComponents() {
    board.add(new Component("a", "x", () -> true, () -> true, () -> 10 * 1024));
    board.add(new Component("b", "y", () -> true, () -> true, () -> 20 * 1024));
    board.printMemory();
    assertThat(printed())
        .containsPattern("a\\s+10 MiB")
        .containsPattern("b\\s+20 MiB")
        .contains("total");
  }
}
