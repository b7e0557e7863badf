package dev.outpost.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.outpost.ingress.IngressTable;
import dev.outpost.protocol.agent.ConnectorClient;
import dev.outpost.protocol.agent.OriginProxy;
import dev.outpost.protocol.edge.ConnectionRegistry;
import dev.outpost.protocol.edge.EdgeServer;
import dev.outpost.protocol.edge.PeerLinks;
import dev.outpost.protocol.edge.PeerServer;
import dev.outpost.protocol.edge.PeerTls;
import dev.outpost.protocol.edge.PublicServer;
import dev.outpost.protocol.edge.Registrar;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two routers on loopback: the connector is connected to router B only, and the public reaches
 * router A, which has no connection of the tunnel and forwards the request over its link to B.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PeeringEndToEndTest {

  static {
    System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
  }

  private final EventLoopGroup group = Transport.group(2);
  private final UUID tunnelId = UUID.randomUUID();
  private final UUID elsewhere = UUID.randomUUID();
  private final UUID unreachable = UUID.randomUUID();
  private final ConnectionRegistry registryA = new ConnectionRegistry();
  private final ConnectionRegistry registryB = new ConnectionRegistry();
  private final Map<UUID, InetSocketAddress> directory = new ConcurrentHashMap<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private HttpServer origin;
  private TestOrigins.Origin webSocketOrigin;
  private EdgeServer edgeB;
  private PeerServer peerServerB;
  private PeerLinks linksA;
  private PublicServer publicA;
  private InetSocketAddress publicAddressA;
  private InetSocketAddress peerAddressB;

  @BeforeEach
  void start() throws Exception {
    origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    origin.createContext(
        "/headers",
        exchange -> {
          var h = exchange.getRequestHeaders();
          var body =
              ("xff="
                      + h.get("X-Forwarded-For")
                      + " host="
                      + h.getFirst("X-Forwarded-Host")
                      + " peer="
                      + h.getFirst(PeerLinks.TUNNEL))
                  .getBytes();
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    origin.createContext(
        "/echo",
        exchange -> {
          var body = exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(200, 0);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    origin.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    origin.start();
    webSocketOrigin = TestOrigins.webSocketEcho(group);

    // Router B: the connector's edge, and a peer listener for other routers.
    Registrar registrar =
        (credentials, address) -> Control.Verdict.accepted(UUID.randomUUID(), "router-b");
    edgeB = new EdgeServer(group, TestTls.server(), registrar, registryB, "router-b");
    var tunnelAddressB = edgeB.bind(loopback());
    var certificates = TestTls.certificates();
    peerServerB =
        new PeerServer(
            group, PeerTls.server(certificates.keyManagers(), certificates.caPem()), registryB);
    peerAddressB = peerServerB.bind(loopback());

    // Router A: no connection of the tunnel; its directory says B has one.
    directory.put(tunnelId, peerAddressB);
    directory.put(elsewhere, peerAddressB);
    directory.put(unreachable, new InetSocketAddress(InetAddress.getLoopbackAddress(), freePort()));
    linksA =
        new PeerLinks(
            group,
            PeerTls.client(certificates.keyManagers(), certificates.caPem()),
            tunnel -> Optional.ofNullable(directory.get(tunnel)));
    publicA =
        new PublicServer(
                group,
                registryA,
                host ->
                    switch (host) {
                      case "app.acme.example", "ws.acme.example" -> Optional.of(tunnelId);
                      case "gone.acme.example" -> Optional.of(elsewhere);
                      case "far.acme.example" -> Optional.of(unreachable);
                      default -> Optional.empty();
                    })
            .peers(linksA);
    publicAddressA = publicA.bind(loopback());

    var rules =
        IngressTable.parse(
            Map.of(
                "ingress",
                List.of(
                    Map.of(
                        "hostname",
                        "ws.acme.example",
                        "service",
                        "http://127.0.0.1:" + webSocketOrigin.port()),
                    Map.of("service", "http://127.0.0.1:" + origin.getAddress().getPort()))));
    new ConnectorClient(
            group,
            TestTls.client(),
            new TunnelToken(UUID.randomUUID(), tunnelId, new byte[32]),
            UUID.randomUUID(),
            "test",
            new OriginProxy(rules))
        .connect(tunnelAddressB, "localhost", 0)
        .get(10, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (registryB.pick(tunnelId).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(registryB.pick(tunnelId)).isPresent();
    assertThat(registryA.pick(tunnelId)).isEmpty();
  }

  @AfterEach
  void stop() throws Exception {
    linksA.close();
    publicA.close();
    peerServerB.close();
    edgeB.close();
    webSocketOrigin.close();
    origin.stop(0);
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  @Test
  void aRequestToARouterWithoutTheTunnelIsServedThroughThePeerThatHasIt() throws Exception {
    var response =
        send(request("app.acme.example", "/headers").header("X-Forwarded-For", "198.51.100.7"));
    assertThat(response.statusCode()).isEqualTo(200);
    // Router A added the forwarding headers once; B added nothing; the peer header went no further.
    assertThat(response.body())
        .isEqualTo("xff=[198.51.100.7, 127.0.0.1] host=app.acme.example peer=null");
    // One link serves every request to that peer.
    for (int i = 0; i < 5; i++) {
      assertThat(send(request("app.acme.example", "/headers")).statusCode()).isEqualTo(200);
    }
    assertThat(linksA.links()).isEqualTo(1);
  }

  @Test
  void bodiesStreamThroughThePeerOverHttp1AndHttp2() throws Exception {
    var body = "z".repeat(400_000);
    var echoed =
        send(request("app.acme.example", "/echo").POST(HttpRequest.BodyPublishers.ofString(body)));
    assertThat(echoed.statusCode()).isEqualTo(200);
    assertThat(echoed.body()).isEqualTo(body);

    var h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    var upgraded = h2.send(request("app.acme.example", "/headers").build(), ofString());
    assertThat(upgraded.version()).isEqualTo(HttpClient.Version.HTTP_2);
    var overHttp2 =
        h2.send(
            request("app.acme.example", "/echo")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            ofString());
    assertThat(overHttp2.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(overHttp2.body()).isEqualTo(body);
  }

  @Test
  void aWebSocketCrossesThePeer() throws Exception {
    var received = new LinkedBlockingQueue<String>();
    var socket =
        TestWebSockets.openText(http, publicAddressA.getPort(), "ws.acme.example", "/ws", received);
    socket.sendText("over two routers", true).get(5, TimeUnit.SECONDS);
    assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("echo: over two routers");
    socket.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
  }

  @Test
  void aClientCannotPointThePeerAtAnotherTunnel() throws Exception {
    // The host's tunnel has no connection anywhere (B is named, but has none); the client names
    // the tunnel B does serve. The edge routes by host, and a client's outpost-* header never
    // reaches the peer, so this stays a 502.
    var response =
        send(
            request("gone.acme.example", "/headers").header(PeerLinks.TUNNEL, tunnelId.toString()));
    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.body()).contains("is down");
  }

  @Test
  void aPeerWithoutTheTunnelAndAnUnreachablePeerAre502s() throws Exception {
    // The directory says B has it, but B has no connection of that tunnel (any more).
    var stale = send(request("gone.acme.example", "/").header("Accept", "text/html"));
    assertThat(stale.statusCode()).isEqualTo(502);
    assertThat(stale.body()).contains("<html").contains("is down");

    var far = send(request("far.acme.example", "/"));
    assertThat(far.statusCode()).isEqualTo(502);
    assertThat(far.headers().firstValue("content-type")).hasValue("application/problem+json");
  }

  @Test
  void thePeerListenerRefusesAClientWithoutACertificateOfTheCa() throws Exception {
    var anonymous =
        SslContextBuilder.forClient().trustManager(TestTls.certificates().caPem().toFile()).build();
    var refused = tlsConnection(anonymous);
    // TLS 1.3: the client may think it is done before the listener refuses it; then it closes.
    assertThat(refused.closeFuture().await(5, TimeUnit.SECONDS))
        .as("closed by the peer listener")
        .isTrue();

    var certificates = TestTls.certificates();
    var router = tlsConnection(PeerTls.client(certificates.keyManagers(), certificates.caPem()));
    Thread.sleep(500);
    assertThat(router.isActive()).as("a router's link stays open").isTrue();
    router.close().sync();
  }

  private Channel tlsConnection(io.netty.handler.ssl.SslContext tls) throws Exception {
    return new Bootstrap()
        .group(group)
        .channel(Transport.socketChannel(group))
        .handler(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                ch.pipeline().addLast(tls.newHandler(ch.alloc()));
              }
            })
        .connect(peerAddressB)
        .sync()
        .channel();
  }

  private HttpRequest.Builder request(String host, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + publicAddressA.getPort() + path))
        .header("Host", host);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), ofString());
  }

  private static HttpResponse.BodyHandler<String> ofString() {
    return HttpResponse.BodyHandlers.ofString();
  }

  private static InetSocketAddress loopback() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  }

  private static int freePort() throws Exception {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
