package dev.outpost.infra.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a process's resident set size from {@code /proc}, where there is one. */
public final class ResidentMemory {

  private ResidentMemory() {}

  /** VmRSS of {@code pid} in KiB, or 0 when it cannot be read (not Linux, process gone). */
  public static long ofPid(long pid) {
    var status = Path.of("/proc", Long.toString(pid), "status");
    try {
      for (var line : Files.readAllLines(status)) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }
}
