package dev.outpost.connector.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.connector.supervisor.EdgeFixture;
import dev.outpost.ingress.IngressTable;
import dev.outpost.protocol.TunnelToken;
import dev.outpost.protocol.agent.ConnectorClient;
import dev.outpost.protocol.agent.OriginProxy;
import dev.outpost.protocol.edge.PublicServer;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code connector access tcp} and {@code access ssh}, each its own process, against a real edge, a
 * connector with a {@code tcp://} rule and an echo service standing in for an ssh server.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AccessTcpTest {

  // One edge certificate for all the tests (keytool is slow); each test's logs go here too.
  @TempDir static Path dir;
  private final NioEventLoopGroup group = new NioEventLoopGroup(2);
  private final List<Process> processes = new ArrayList<>();
  private ServerSocket echo;
  private EdgeFixture edge;
  private PublicServer publicServer;
  private int publicPort;

  @BeforeEach
  void start() throws Exception {
    echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    var echoes = Executors.newVirtualThreadPerTaskExecutor();
    echoes.submit(
        () -> {
          while (!echo.isClosed()) {
            var socket = echo.accept();
            echoes.submit(
                () -> {
                  try (socket) {
                    socket.getInputStream().transferTo(socket.getOutputStream());
                  }
                  return null;
                });
          }
          return null;
        });
    edge = new EdgeFixture(dir);
    int tunnelPort = edge.start();
    publicServer = new PublicServer(group, edge.registry, host -> Optional.of(edge.tunnelId));
    publicPort =
        publicServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).getPort();
    var rules =
        IngressTable.parse(
            Map.of(
                "ingress",
                List.of(
                    Map.of(
                        "hostname",
                        "ssh.acme.example",
                        "service",
                        "ssh://127.0.0.1:" + echo.getLocalPort()),
                    Map.of("service", "http_status:404"))));
    new ConnectorClient(
            group,
            SslContextBuilder.forClient().trustManager(edge.caPem.toFile()).build(),
            new TunnelToken(edge.tenantId, edge.tunnelId, edge.secret),
            UUID.randomUUID(),
            "test",
            new OriginProxy(rules))
        .connect(new InetSocketAddress("localhost", tunnelPort), "localhost", 0)
        .get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    processes.forEach(Process::destroyForcibly);
    publicServer.close();
    edge.close();
    echo.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  @Test
  void aLocalPortCarriesConnectionsToTheService() throws Exception {
    var log = dir.resolve("access-tcp.log");
    start(log, "access", "tcp", "--hostname", "ssh.acme.example", "--url", "127.0.0.1:0");
    int port = listeningPort(log);

    // Two connections at once, each its own stream, 512 KiB each way.
    try (var first = new Socket(InetAddress.getLoopbackAddress(), port);
        var second = new Socket(InetAddress.getLoopbackAddress(), port)) {
      var a = roundTrip(first, 512 * 1024, 1);
      var b = roundTrip(second, 512 * 1024, 2);
      assertThat(a).isTrue();
      assertThat(b).isTrue();
    }
  }

  @Test
  void standardInputAndOutputCarryAnSshSession() throws Exception {
    var log = dir.resolve("access-ssh.log");
    var ssh =
        start(
            log,
            "access",
            "ssh",
            "--hostname",
            "ssh.acme.example",
            "--edge-url",
            "http://127.0.0.1:" + publicPort);
    var sent = new byte[200_000];
    new Random(3).nextBytes(sent);
    var received = new ByteArrayOutputStream();
    var reader =
        Executors.newVirtualThreadPerTaskExecutor()
            .submit(
                () -> {
                  var buffer = new byte[8192];
                  InputStream out = ssh.getInputStream();
                  while (received.size() < sent.length) {
                    int n = out.read(buffer);
                    if (n < 0) {
                      break;
                    }
                    received.write(buffer, 0, n);
                  }
                  return null;
                });
    ssh.getOutputStream().write(sent);
    ssh.getOutputStream().flush();
    reader.get(30, TimeUnit.SECONDS);
    assertThat(received.toByteArray()).isEqualTo(sent);
    ssh.getOutputStream().close(); // ssh ends the session
    assertThat(ssh.waitFor(20, TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
    assertThat(ssh.exitValue()).as(Files.readString(log)).isZero();
  }

  @Test
  void anUnknownHostnameIsAReadableError() throws Exception {
    publicServer.close();
    publicServer = new PublicServer(group, edge.registry, host -> Optional.empty());
    publicPort =
        publicServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).getPort();
    var log = dir.resolve("access-unknown.log");
    var ssh =
        start(
            log,
            "access",
            "ssh",
            "--hostname",
            "nothing.acme.example",
            "--edge-url",
            "http://127.0.0.1:" + publicPort);
    assertThat(ssh.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(ssh.exitValue()).isEqualTo(1);
    assertThat(Files.readString(log))
        .contains("error: the edge answered 404 for nothing.acme.example: no tunnel serves");
  }

  private boolean roundTrip(Socket socket, int size, long seed) throws Exception {
    var sent = new byte[size];
    new Random(seed).nextBytes(sent);
    var writer =
        Executors.newVirtualThreadPerTaskExecutor()
            .submit(
                () -> {
                  socket.getOutputStream().write(sent);
                  socket.getOutputStream().flush();
                  return null;
                });
    var received = socket.getInputStream().readNBytes(size);
    writer.get(30, TimeUnit.SECONDS);
    return java.util.Arrays.equals(sent, received);
  }

  private Process start(Path log, String... args) throws IOException {
    var command = new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path")));
    command.add("dev.outpost.connector.ConnectorCommand");
    command.addAll(List.of(args));
    if (!List.of(args).contains("--edge-url")) {
      command.addAll(List.of("--edge-url", "http://127.0.0.1:" + publicPort));
    }
    var builder = new ProcessBuilder(command).redirectError(log.toFile());
    var process = builder.start();
    processes.add(process);
    return process;
  }

  private static int listeningPort(Path log) throws Exception {
    var pattern = Pattern.compile("listening on [^:]+:(\\d+) for");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (Files.exists(log)) {
        var matcher = pattern.matcher(Files.readString(log));
        if (matcher.find()) {
          return Integer.parseInt(matcher.group(1));
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("access tcp did not start: " + Files.readString(log));
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
