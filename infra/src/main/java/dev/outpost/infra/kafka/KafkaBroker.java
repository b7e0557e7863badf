package dev.outpost.infra.kafka;

import dev.outpost.infra.process.JavaRuntime;
import dev.outpost.infra.process.ManagedProcess;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka broker in KRaft mode (one node that is both broker and controller), run from Apache
 * Kafka's own jars in a child JVM. The same class serves the local launcher (a data directory that
 * survives restarts) and the tests (a temporary one on free ports).
 */
public final class KafkaBroker implements AutoCloseable {

  private final ManagedProcess process;
  private final int port;

  private KafkaBroker(ManagedProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Formats {@code dataDirectory} unless it already holds a cluster, then starts the broker and
   * waits until it answers.
   *
   * @param port the client listener's port
   * @param controllerPort the KRaft controller listener's port
   * @param heap the child JVM's maximum heap, for example {@code 384m}
   */
  public static KafkaBroker start(
      int port, int controllerPort, Path dataDirectory, Path logFile, String heap, Duration timeout)
      throws IOException {
    Files.createDirectories(dataDirectory);
    var logDir = dataDirectory.resolve("log").toAbsolutePath();
    var config = dataDirectory.resolve("server.properties").toAbsolutePath();
    writeServerProperties(config, port, controllerPort, logDir);

    if (!Files.exists(logDir.resolve("meta.properties"))) {
      format(config, logFile, timeout);
    }

    var command = javaCommand(heap, logFile);
    command.add("kafka.Kafka");
    command.add(config.toString());
    var process = ManagedProcess.start("Kafka", command, dataDirectory, Map.of(), logFile);
    var broker = new KafkaBroker(process, port);
    try {
      broker.awaitReady(timeout);
    } catch (RuntimeException e) {
      process.stop(Duration.ofSeconds(5));
      throw e;
    }
    return broker;
  }

  private static void writeServerProperties(Path file, int port, int controllerPort, Path logDir)
      throws IOException {
    var p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", "1");
    p.setProperty("controller.quorum.voters", "1@localhost:" + controllerPort);
    p.setProperty(
        "listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://localhost:" + port);
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
    p.setProperty("log.dirs", logDir.toString());
    // One node: every internal topic has one replica.
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    p.setProperty("min.insync.replicas", "1");
    // A consumer group starts consuming at once instead of after 3 s.
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    p.setProperty("num.partitions", "1");
    p.setProperty("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
    try (var out = Files.newBufferedWriter(file)) {
      p.store(out, "Written by Outpost's KafkaBroker; rewritten at every start");
    }
  }

  private static void format(Path config, Path logFile, Duration timeout) throws IOException {
    var command = javaCommand("256m", logFile);
    command.addAll(
        List.of(
            "kafka.tools.StorageTool",
            "format",
            "--ignore-formatted",
            "--cluster-id",
            Uuid.randomUuid().toString(),
            "--config",
            config.toString()));
    var format =
        ManagedProcess.start("kafka-format", command, config.getParent(), Map.of(), logFile);
    try {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (format.isAlive() && System.nanoTime() < deadline) {
        TimeUnit.MILLISECONDS.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (format.exitCode() != 0) {
      format.stop(Duration.ofSeconds(2));
      throw new IllegalStateException(
          "formatting Kafka's storage failed; see " + logFile + "\n" + format.logTail(20));
    }
  }

  private static List<String> javaCommand(String heap, Path logFile) {
    var command = new ArrayList<String>();
    command.add(JavaRuntime.javaExecutable());
    command.add("-Xms64m");
    command.add("-Xmx" + heap);
    command.add("-XX:+UseG1GC");
    command.add("-Djava.awt.headless=true");
    command.add("-Dkafka.logs.dir=" + logFile.toAbsolutePath().getParent());
    command.add("-cp");
    command.add(absoluteClassPath());
    return command;
  }

  /** Our own classpath, made absolute: the child runs in the data directory. */
  private static String absoluteClassPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(KafkaBroker::absolute)
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static String absolute(String entry) {
    if (entry.endsWith("*")) {
      var folder = entry.substring(0, entry.length() - 1);
      return Path.of(folder.isEmpty() ? "." : folder).toAbsolutePath() + File.separator + "*";
    }
    return Path.of(entry).toAbsolutePath().toString();
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    var config =
        Map.<String, Object>of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000);
    try (var admin = Admin.create(config)) {
      while (true) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "Kafka exited with code "
                  + process.exitCode()
                  + "; see "
                  + process.logFile()
                  + "\n"
                  + process.logTail(30));
        }
        try {
          admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
          return;
        } catch (Exception notYet) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                "Kafka did not answer within "
                    + timeout.toSeconds()
                    + " s; see "
                    + process.logFile());
          }
          sleep(200);
        }
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Kafka", e);
    }
  }

  /** The {@code bootstrap.servers} value clients use. */
  public String bootstrapServers() {
    return "localhost:" + port;
  }

  public int port() {
    return port;
  }

  public ManagedProcess process() {
    return process;
  }

  @Override
  public void close() {
    process.stop(Duration.ofSeconds(30));
  }
}
