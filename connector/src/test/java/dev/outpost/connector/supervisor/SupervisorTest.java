package dev.outpost.connector.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.connector.ConnectorCommandAccess;
import dev.outpost.protocol.TunnelToken;
import dev.outpost.protocol.agent.ConnectorClient;
import dev.outpost.protocol.agent.OriginProxy;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connector against a real edge listener: HA connections, refusal, reconnection. */
class SupervisorTest {

  @TempDir Path dir;

  @Test
  void holdsItsConnectionsAndComesBackAfterARouterRestart() throws Exception {
    try (var edge = new EdgeFixture(dir)) {
      int port = edge.start();
      var group = new NioEventLoopGroup(2);
      var log = new StringWriter();
      var client =
          new ConnectorClient(
              group,
              SslContextBuilder.forClient().trustManager(edge.caPem.toFile()).build(),
              new TunnelToken(edge.tenantId, edge.tunnelId, edge.secret),
              UUID.randomUUID(),
              "test",
              new OriginProxy(null));
      var supervisor =
          new Supervisor(
              client,
              List.of(InetSocketAddress.createUnresolved("localhost", port)),
              3,
              new Backoff(Duration.ofMillis(100), Duration.ofMillis(400), new Random(1)),
              group,
              new PrintWriter(log, true));
      supervisor.start();
      awaitConnections(edge, supervisor, 3);

      edge.stop(); // the router goes away...
      awaitConnections(edge, supervisor, 0);
      edge.start(); // ...and comes back on the same address
      awaitConnections(edge, supervisor, 3);
      assertThat(log.toString())
          .contains("connection lost")
          .contains("registered with router edge-fixture");

      supervisor.stop(Duration.ofSeconds(1));
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  @Test
  void aRefusedTunnelStopsTheConnectorWithTheReason() throws Exception {
    try (var edge = new EdgeFixture(dir)) {
      int port = edge.start();
      var wrong = edge.secret.clone();
      wrong[0] = 1;
      var token = new TunnelToken(edge.tenantId, edge.tunnelId, wrong).encode();
      var out = new StringWriter();
      var err = new StringWriter();
      var run =
          Executors.newSingleThreadExecutor()
              .submit(
                  () ->
                      ConnectorCommandAccess.execute(
                          new PrintWriter(out, true),
                          new PrintWriter(err, true),
                          "tunnel",
                          "run",
                          "--token",
                          token,
                          "--edge",
                          "localhost:" + port,
                          "--edge-ca",
                          edge.caPem.toString(),
                          "--ha-connections",
                          "2"));
      assertThat(run.get(30, TimeUnit.SECONDS)).isEqualTo(1);
      assertThat(err.toString())
          .contains("the edge refused this tunnel: the tunnel secret does not match");
    }
  }

  @Test
  void connectionsSpreadOverSeveralRoutersAndMoveOffOneThatIsDown() throws Exception {
    try (var a = new EdgeFixture(dir);
        var b = new EdgeFixture(dir, a)) {
      int portA = a.start();
      int portB = b.start();
      var group = new NioEventLoopGroup(2);
      var client =
          new ConnectorClient(
              group,
              SslContextBuilder.forClient().trustManager(a.caPem.toFile()).build(),
              new TunnelToken(a.tenantId, a.tunnelId, a.secret),
              UUID.randomUUID(),
              "test",
              new OriginProxy(null));
      var supervisor =
          new Supervisor(
              client,
              List.of(
                  InetSocketAddress.createUnresolved("localhost", portA),
                  InetSocketAddress.createUnresolved("localhost", portB)),
              4,
              new Backoff(Duration.ofMillis(100), Duration.ofMillis(400), new Random(1)),
              group,
              new PrintWriter(new StringWriter(), true));
      supervisor.start();
      awaitCounts(supervisor, a, 2, b, 2);

      a.stop(); // router A goes down: its two connections find router B
      awaitCounts(supervisor, a, 0, b, 4);

      supervisor.stop(Duration.ofSeconds(1));
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  private static void awaitCounts(
      Supervisor supervisor, EdgeFixture a, int onA, EdgeFixture b, int onB)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline
        && (a.registry.count(a.tunnelId) != onA
            || b.registry.count(b.tunnelId) != onB
            || supervisor.registeredConnections() != onA + onB)) {
      Thread.sleep(50);
    }
    assertThat(a.registry.count(a.tunnelId)).isEqualTo(onA);
    assertThat(b.registry.count(b.tunnelId)).isEqualTo(onB);
    assertThat(supervisor.registeredConnections()).isEqualTo(onA + onB);
  }

  @Test
  void aDamagedTokenIsAUsageErrorThatSaysWhy() {
    var err = new StringWriter();
    int code =
        ConnectorCommandAccess.execute(
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true),
            "tunnel",
            "run",
            "--token",
            "%%%");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("the tunnel token is not base64");
  }

  private static void awaitConnections(EdgeFixture edge, Supervisor supervisor, int expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline
        && (edge.registry.connections(edge.tunnelId).stream().filter(c -> c.isActive()).count()
                != expected
            || supervisor.registeredConnections() != expected)) {
      Thread.sleep(50);
    }
    assertThat(edge.registry.connections(edge.tunnelId).stream().filter(c -> c.isActive()).count())
        .isEqualTo(expected);
    assertThat(supervisor.registeredConnections()).isEqualTo(expected);
  }
}
