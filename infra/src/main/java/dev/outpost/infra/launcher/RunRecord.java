package dev.outpost.infra.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The processes a launcher started, one {@code pid start-instant} per line, so that after a crash
 * (or a {@code kill -9} of the launcher) the next start stops what was left behind instead of
 * failing on busy ports. The start instant guards against a recycled pid.
 */
final class RunRecord {

  private final Path file;

  RunRecord(Path file) {
    this.file = file;
  }

  synchronized void add(long pid) {
    var started =
        ProcessHandle.of(pid)
            .flatMap(h -> h.info().startInstant())
            .map(Instant::toString)
            .orElse("-");
    try {
      Files.writeString(
          file,
          pid + " " + started + System.lineSeparator(),
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      // Only the clean-up after a crash depends on it.
    }
  }

  /** Stops processes recorded by a launcher that did not stop them itself. */
  void stopLeftovers(PrintStream out) throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    for (var line : Files.readAllLines(file)) {
      var parts = line.trim().split(" ");
      if (parts.length != 2) {
        continue;
      }
      long pid;
      try {
        pid = Long.parseLong(parts[0]);
      } catch (NumberFormatException e) {
        continue;
      }
      ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(h -> h.info().startInstant().map(Instant::toString).orElse("-").equals(parts[1]))
          .ifPresent(
              h -> {
                out.println("Stopping process " + pid + " left over from an earlier run");
                h.descendants().forEach(ProcessHandle::destroy);
                h.destroy();
                try {
                  h.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                  h.descendants().forEach(ProcessHandle::destroyForcibly);
                  h.destroyForcibly();
                }
              });
    }
    clear();
  }

  synchronized void clear() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // Nothing to clean up next time is the worst case.
    }
  }
}
