package dev.outpost.connector.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.outpost.connector.supervisor.EdgeFixture;
import dev.outpost.protocol.TunnelToken;
import dev.outpost.protocol.edge.PublicServer;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code connector tunnel run} as its own process, stopped with SIGTERM while a request is in
 * flight: the request finishes, no new one is taken, and the process exits 0.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DrainTest {

  @TempDir Path dir;

  @Test
  void sigtermLetsRequestsInFlightFinishThenExitsZero() throws Exception {
    var arrived = new CountDownLatch(1);
    var origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    origin.createContext(
        "/slow",
        exchange -> {
          arrived.countDown();
          sleep(2_000);
          var body = "finished".getBytes();
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    origin.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    origin.start();
    var group = new NioEventLoopGroup(1);
    try (var edge = new EdgeFixture(dir)) {
      int port = edge.start();
      var publicServer = new PublicServer(group, edge.registry, host -> Optional.of(edge.tunnelId));
      int publicPort =
          publicServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).getPort();

      var credentials = dir.resolve("credentials.json");
      Files.writeString(
          credentials, new TunnelToken(edge.tenantId, edge.tunnelId, edge.secret).toCredentials());
      var config = dir.resolve("config.yml");
      Files.writeString(
          config,
          "tunnel: "
              + edge.tunnelId
              + "\ncredentials-file: credentials.json\ningress:\n  - service: http://127.0.0.1:"
              + origin.getAddress().getPort()
              + "\n");
      var command = new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path")));
      command.add("dev.outpost.connector.ConnectorCommand");
      command.addAll(
          List.of(
              "tunnel",
              "--config",
              config.toString(),
              "run",
              "--edge",
              "localhost:" + port,
              "--edge-ca",
              edge.caPem.toString(),
              "--ha-connections",
              "2",
              "--grace-period",
              "20s"));
      var log = dir.resolve("connector.log");
      var connector =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (edge.registry.count(edge.tunnelId) < 2 && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        assertThat(edge.registry.count(edge.tunnelId)).as(Files.readString(log)).isEqualTo(2);

        var http = HttpClient.newHttpClient();
        var slow =
            http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + publicPort + "/slow"))
                    .header("Host", "app.acme.example")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();

        connector.destroy(); // SIGTERM
        var answer = slow.get(15, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("finished");
        assertThat(connector.waitFor(20, TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
        assertThat(connector.exitValue()).as(Files.readString(log)).isZero();
        assertThat(edge.registry.count(edge.tunnelId)).isZero();
      } finally {
        connector.destroyForcibly();
        publicServer.close();
        origin.stop(0);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
      }
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
