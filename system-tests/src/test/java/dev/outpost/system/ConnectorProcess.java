package dev.outpost.system;

import dev.outpost.infra.process.JavaRuntime;
import dev.outpost.infra.process.ManagedProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The connector as built ({@code connector/target/connector.jar}), run as a tenant runs it: {@code
 * tunnel run --token ... --edge ... --edge-ca ...}, as a child process with its log in {@code
 * target/system-tests/}.
 */
final class ConnectorProcess implements AutoCloseable {

  private static final Path HOME = Path.of("..").toAbsolutePath().normalize();
  private static final Path JAR = HOME.resolve("connector/target/connector.jar");

  private final ManagedProcess process;

  private ConnectorProcess(ManagedProcess process) {
    this.process = process;
  }

  /** Starts a connector for {@code token} that holds {@code haConnections} to {@code edge}. */
  static ConnectorProcess start(
      String name, String token, String edge, Path edgeCa, int haConnections) throws IOException {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(JAR + " is missing: package the connector first");
    }
    var command =
        List.of(
            JavaRuntime.javaExecutable(),
            "-Xmx64m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            Platform.LEAK_DETECTION,
            "-jar",
            JAR.toString(),
            "tunnel",
            "run",
            "--token",
            token,
            "--edge",
            edge,
            "--edge-ca",
            edgeCa.toString(),
            "--ha-connections",
            Integer.toString(haConnections));
    return new ConnectorProcess(
        ManagedProcess.start(
            "connector-" + name,
            command,
            HOME,
            Map.of(),
            Path.of("target", "system-tests", "connector-" + name + ".log").toAbsolutePath()));
  }

  /** Ends it at once (SIGKILL): no goodbye, no GOAWAY; the kernel closes its sockets. */
  void kill() {
    ProcessHandle.of(process.pid())
        .ifPresent(
            handle -> {
              handle.destroyForcibly();
              handle.onExit().join();
            });
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String logTail() {
    return process.logTail(30);
  }

  @Override
  public void close() {
    process.close();
  }
}
