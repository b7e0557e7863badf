package dev.outpost.infra.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * A child process that we own: its output goes to a log file, and {@link #stop} ends it together
 * with every process it started (Keycloak's shell script starts a JVM, for instance), first
 * politely, then by force.
 *
 * <p>Thread-safe: {@link #stop} may be called from a shutdown hook while another thread polls.
 */
public final class ManagedProcess implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ManagedProcess.class.getName());
  private static final Path SETSID = Path.of("/usr/bin/setsid");

  /** Every process started and not yet stopped, so an owner can stop what it has lost track of. */
  private static final Set<ManagedProcess> RUNNING = ConcurrentHashMap.newKeySet();

  private static volatile Consumer<ManagedProcess> onStart = process -> {};

  private final String name;
  private final Process process;
  private final Path logFile;

  private ManagedProcess(String name, Process process, Path logFile) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
  }

  /**
   * Starts {@code command} in {@code workDir} with {@code environment} added to ours; stdout and
   * stderr are appended to {@code logFile}.
   */
  public static ManagedProcess start(
      String name,
      List<String> command,
      Path workDir,
      Map<String, String> environment,
      Path logFile)
      throws IOException {
    Files.createDirectories(logFile.toAbsolutePath().getParent());
    var builder =
        new ProcessBuilder(inOwnSession(command))
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
    builder.environment().putAll(environment);
    LOG.fine(() -> "starting " + name + ": " + String.join(" ", command));
    var started = new ManagedProcess(name, builder.start(), logFile);
    RUNNING.add(started);
    onStart.accept(started);
    return started;
  }

  /**
   * Called with every process as soon as it starts, before its owner knows whether it came up: the
   * launcher records pids there, so a crash during start-up leaves nothing untraceable.
   */
  public static void onStart(Consumer<ManagedProcess> listener) {
    onStart = listener;
  }

  /** The processes started and not stopped yet. */
  public static List<ManagedProcess> running() {
    RUNNING.removeIf(process -> !process.isAlive());
    return List.copyOf(RUNNING);
  }

  /**
   * Runs the command in a session of its own where {@code setsid} exists (Linux): Ctrl-C in a
   * terminal then reaches only our JVM, which stops its children in order, instead of every process
   * at once.
   */
  private static List<String> inOwnSession(List<String> command) {
    if (!Files.isExecutable(SETSID)) {
      return command;
    }
    var wrapped = new java.util.ArrayList<String>(command.size() + 1);
    wrapped.add(SETSID.toString());
    wrapped.addAll(command);
    return wrapped;
  }

  private static java.io.File nullDevice() {
    return new java.io.File(
        System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public Path logFile() {
    return logFile;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The exit code, or -1 while it runs. */
  public int exitCode() {
    return process.isAlive() ? -1 : process.exitValue();
  }

  /** The resident memory of the process and its descendants in KiB (Linux only; 0 elsewhere). */
  public long residentKib() {
    long total = ResidentMemory.ofPid(process.pid());
    for (var child : process.descendants().toList()) {
      total += ResidentMemory.ofPid(child.pid());
    }
    return total;
  }

  /** The last lines of the log, to explain a failure. */
  public String logTail(int lines) {
    try {
      var all = Files.readAllLines(logFile);
      return String.join(
          System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /**
   * Asks the process tree to stop (SIGTERM), waits up to {@code grace}, then kills what is left.
   * Children are signalled before the parent so a wrapper script cannot orphan its JVM.
   */
  public void stop(Duration grace) {
    var descendants = process.descendants().toList();
    descendants.forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      long deadline = System.nanoTime() + grace.toNanos();
      process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
      for (var child : descendants) {
        long left = Math.max(0, deadline - System.nanoTime());
        child.onExit().get(left, TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception timeoutOrFailure) {
      // fall through to the forced stop below
    }
    descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    RUNNING.remove(this);
    if (process.isAlive()) {
      LOG.warning(name + " did not stop within " + grace.toSeconds() + " s; killing it");
      process.destroyForcibly();
      try {
        process.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(20));
  }
}
