package dev.outpost.infra.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunRecordTest {

  @TempDir Path state;

  @Test
  void stopsWhatACrashedRunLeftBehind() throws Exception {
    var leftover = new ProcessBuilder("sleep", "300").start();
    try {
      var record = new RunRecord(state.resolve("run.pids"));
      record.add(leftover.pid());

      var out = new ByteArrayOutputStream();
      record.stopLeftovers(new PrintStream(out, true, StandardCharsets.UTF_8));

      assertThat(leftover.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("left over from an earlier run");
      assertThat(state.resolve("run.pids")).doesNotExist();
    } finally {
      leftover.destroyForcibly();
    }
  }

  @Test
  void leavesAProcessAloneWhosePidWasReused() throws Exception {
    var bystander = new ProcessBuilder("sleep", "300").start();
    try {
      // Same pid, another start time: not the process we started.
      Files.writeString(state.resolve("run.pids"), bystander.pid() + " 2001-01-01T00:00:00Z\n");
      new RunRecord(state.resolve("run.pids"))
          .stopLeftovers(
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      assertThat(bystander.isAlive()).isTrue();
    } finally {
      bystander.destroyForcibly();
    }
  }
}
