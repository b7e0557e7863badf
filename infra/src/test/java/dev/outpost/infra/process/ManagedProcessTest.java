package dev.outpost.infra.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagedProcessTest {

  @TempDir Path dir;

  @Test
  void stopEndsTheWholeTreeAWrapperScriptStarted() throws Exception {
    // Like kc.sh: a shell that starts the real server as its child and waits for it.
    var process =
        ManagedProcess.start(
            "wrapper",
            List.of("sh", "-c", "sleep 300 & echo started; wait"),
            dir,
            Map.of(),
            dir.resolve("wrapper.log"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (process.logTail(1).isBlank() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    var child =
        ProcessHandle.of(process.pid()).orElseThrow().descendants().findFirst().orElseThrow();
    assertThat(ManagedProcess.running()).contains(process);

    process.stop(Duration.ofSeconds(5));

    assertThat(process.isAlive()).isFalse();
    assertThat(child.onExit().get(5, TimeUnit.SECONDS).isAlive()).isFalse();
    assertThat(ManagedProcess.running()).doesNotContain(process);
    assertThat(Files.readString(dir.resolve("wrapper.log"))).contains("started");
  }

  @Test
  void everyStartIsReportedToTheListenerAtOnce() throws Exception {
    var seen = new java.util.concurrent.CopyOnWriteArrayList<String>();
    ManagedProcess.onStart(p -> seen.add(p.name()));
    try (var process =
        ManagedProcess.start(
            "sleeper", List.of("sleep", "30"), dir, Map.of(), dir.resolve("s.log"))) {
      assertThat(seen).containsExactly("sleeper");
    } finally {
      ManagedProcess.onStart(p -> {});
    }
  }
}
