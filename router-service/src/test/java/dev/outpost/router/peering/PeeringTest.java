package dev.outpost.router.peering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.outpost.events.HostnameRouteRecord;
import dev.outpost.events.RouterRecord;
import dev.outpost.events.Topic;
import dev.outpost.events.TunnelConfigurationRecord;
import dev.outpost.events.TunnelPresenceRecord;
import dev.outpost.ingress.IngressTable;
import dev.outpost.protocol.Control;
import dev.outpost.protocol.TunnelToken;
import dev.outpost.protocol.agent.ConnectorClient;
import dev.outpost.protocol.agent.OriginProxy;
import dev.outpost.protocol.edge.ConnectionRegistry;
import dev.outpost.protocol.edge.EdgeServer;
import dev.outpost.protocol.edge.PeerServer;
import dev.outpost.protocol.edge.PeerTls;
import dev.outpost.router.edge.Edge;
import dev.outpost.router.support.EdgeTlsResource;
import dev.outpost.router.support.RoutingTopics;
import dev.outpost.testing.TopicReader;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.handler.ssl.SslContextBuilder;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The router as built, with peering on, and a second router run by the test (an edge and a peer
 * listener, as router-service makes them): records on the real Kafka tell each where the other is.
 */
@QuarkusTest
class PeeringTest {

  static {
    System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
  }

  private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

  @Inject Edge edge;
  @Inject Peering peering;

  private final NioEventLoopGroup group = new NioEventLoopGroup(2);
  private final HttpClient http = HttpClient.newHttpClient();
  private final UUID tenant = UUID.randomUUID();
  private final byte[] secret = new byte[32];
  private HttpServer origin;
  private RoutingTopics topics;

  @BeforeEach
  void setUp() throws Exception {
    secret[3] = 3;
    origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    origin.createContext(
        "/",
        exchange -> {
          var body = ("origin saw " + exchange.getRequestURI()).getBytes();
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    origin.start();
    topics = new RoutingTopics();
  }

  @AfterEach
  void tearDown() throws Exception {
    origin.stop(0);
    topics.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  @Test
  void theRouterSaysWhereItListensAndWhichTunnelsItHolds() throws Exception {
    var tunnel = UUID.randomUUID();
    activeTunnel(tunnel);
    var key = TunnelPresenceRecord.key(tunnel, "router-test");
    try (var routers = new TopicReader(Topic.ROUTERS);
        var presence = new TopicReader(Topic.TUNNEL_PRESENCE)) {
      var announced =
          JSON.readValue(routers.awaitKey("router-test", 1).getFirst().value(), RouterRecord.class);
      assertThat(announced.peerAddress()).isEqualTo(peering.advertisedAddress());
      assertThat(announced.peerAddress()).startsWith("127.0.0.1:").doesNotEndWith(":0");

      var connector = connect(tunnel, edge.tunnelAddress(), null);
      var held =
          JSON.readValue(presence.awaitKey(key, 1).getFirst().value(), TunnelPresenceRecord.class);
      assertThat(held.connections()).isEqualTo(1);
      assertThat(held.routerId()).isEqualTo("router-test");

      connector.channel().close().sync();
      // The last connection gone: a tombstone, so peers stop sending requests here.
      assertThat(presence.awaitKey(key, 2).get(1).value()).isNull();
    }
  }

  @Test
  void aTunnelConnectedOnlyToAnotherRouterIsServedThroughIt() throws Exception {
    var tunnel = UUID.randomUUID();
    var host = "peer-" + tunnel.toString().substring(0, 8) + ".acme.example";
    activeTunnel(tunnel);
    topics.route(new HostnameRouteRecord(host, tenant, tunnel));

    // Router B: the connector's edge and a peer listener, with a certificate of the same CA.
    var certificates = EdgeTlsResource.certificates();
    var registryB = new ConnectionRegistry();
    try (var edgeB =
            new EdgeServer(
                group,
                certificates.serverContext(),
                (credentials, address) -> Control.Verdict.accepted(UUID.randomUUID(), "router-b"),
                registryB,
                "router-b");
        var peerB =
            new PeerServer(
                group,
                PeerTls.server(certificates.keyManagers(), certificates.caPem()),
                registryB)) {
      var tunnelAddressB = edgeB.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      var peerAddressB = peerB.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      connect(tunnel, tunnelAddressB, "http://127.0.0.1:" + origin.getAddress().getPort());
      await().atMost(Duration.ofSeconds(5)).until(() -> registryB.count(tunnel) == 1);

      // Before B says it holds the tunnel, this router has nowhere to send it.
      await().atMost(Duration.ofSeconds(20)).until(() -> get(host).statusCode() == 502);

      var now = OffsetDateTime.now();
      topics.record(
          Topic.ROUTERS,
          "router-b",
          new RouterRecord("router-b", "127.0.0.1:" + peerAddressB.getPort(), now, now),
          RouterRecord.TYPE);
      var presenceKey = TunnelPresenceRecord.key(tunnel, "router-b");
      topics.record(
          Topic.TUNNEL_PRESENCE,
          presenceKey,
          new TunnelPresenceRecord(tunnel, "router-b", 1, now),
          TunnelPresenceRecord.TYPE);
      await().atMost(Duration.ofSeconds(20)).until(() -> get(host).statusCode() == 200);
      assertThat(get(host).body()).isEqualTo("origin saw /");

      // B no longer holds it: back to the edge's own 502.
      topics.record(Topic.TUNNEL_PRESENCE, presenceKey, null, TunnelPresenceRecord.TYPE);
      await().atMost(Duration.ofSeconds(20)).until(() -> get(host).statusCode() == 502);
    }
  }

  @Test
  void whatAnEarlierRunOfThisRouterLeftIsRemoved() throws Exception {
    var tunnel = UUID.randomUUID();
    var key = TunnelPresenceRecord.key(tunnel, "router-test");
    try (var presence = new TopicReader(Topic.TUNNEL_PRESENCE)) {
      topics.record(
          Topic.TUNNEL_PRESENCE,
          key,
          new TunnelPresenceRecord(tunnel, "router-test", 2, OffsetDateTime.now().minusHours(1)),
          TunnelPresenceRecord.TYPE);
      var records = presence.awaitKey(key, 2);
      assertThat(records.get(1).value()).isNull();
    }
  }

  private void activeTunnel(UUID tunnel) throws Exception {
    var hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret));
    topics.tunnel(
        new TunnelConfigurationRecord(tunnel, tenant, "web", "active", hash, "local", null, 0, 1));
  }

  private ConnectorClient.Registered connect(
      UUID tunnel, InetSocketAddress edgeAddress, String origin) throws Exception {
    var rules =
        origin == null
            ? null
            : IngressTable.parse(Map.of("ingress", List.of(Map.of("service", origin))));
    return new ConnectorClient(
            group,
            SslContextBuilder.forClient().trustManager(EdgeTlsResource.caPem().toFile()).build(),
            new TunnelToken(tenant, tunnel, secret),
            UUID.randomUUID(),
            "test",
            new OriginProxy(rules))
        .connect(new InetSocketAddress("localhost", edgeAddress.getPort()), "localhost", 0)
        .get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<String> get(String host) throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + edge.publicAddress().getPort() + "/"))
            .header("Host", host)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
