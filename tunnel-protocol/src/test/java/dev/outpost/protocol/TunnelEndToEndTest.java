package dev.outpost.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.outpost.ingress.IngressTable;
import dev.outpost.protocol.agent.ConnectorClient;
import dev.outpost.protocol.agent.OriginProxy;
import dev.outpost.protocol.edge.ConnectionRegistry;
import dev.outpost.protocol.edge.EdgeGate;
import dev.outpost.protocol.edge.EdgeServer;
import dev.outpost.protocol.edge.PublicCertificates;
import dev.outpost.protocol.edge.PublicServer;
import dev.outpost.protocol.edge.Registrar;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The tunnel on loopback: an edge (tunnel listener over TLS, public HTTP listener), a connector
 * that dials it, and an origin that only the connector can reach.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TunnelEndToEndTest {

  static {
    // The public listener routes by Host; the JDK client only lets us set it when told to.
    System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
  }

  private final EventLoopGroup group = Transport.group(2);
  private final UUID tunnelId = UUID.randomUUID();
  private final UUID tenantId = UUID.randomUUID();
  private final byte[] secret = new byte[32];
  private final ConnectionRegistry registry = new ConnectionRegistry();
  private HttpServer origin;
  private TestOrigins.Origin webSocketOrigin;
  private TestOrigins.Origin unixOrigin;
  private TestOrigins.Origin tcpOrigin;
  private EdgeServer edge;
  private PublicServer publicServer;
  private volatile EdgeGate gate = EdgeGate.OPEN;
  private InetSocketAddress tunnelAddress;
  private InetSocketAddress publicAddress;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start() throws Exception {
    secret[0] = 42;
    origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    origin.createContext(
        "/hello",
        exchange -> {
          var body =
              ("hello " + exchange.getRequestHeaders().getFirst("X-Forwarded-Host")).getBytes();
          exchange.getResponseHeaders().add("X-Origin", "yes");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    origin.createContext(
        "/echo",
        exchange -> {
          var body = exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(200, 0); // chunked
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    origin.createContext(
        "/bytes",
        exchange -> {
          long n = Long.parseLong(exchange.getRequestURI().getQuery().substring(2));
          exchange.sendResponseHeaders(200, n);
          var chunk = new byte[64 * 1024];
          try (var out = exchange.getResponseBody()) {
            for (long sent = 0; sent < n; sent += chunk.length) {
              out.write(chunk, 0, (int) Math.min(chunk.length, n - sent));
            }
          }
        });
    origin.createContext(
        "/count",
        exchange -> {
          long total = 0;
          var buffer = new byte[64 * 1024];
          try (var in = exchange.getRequestBody()) {
            for (int read; (read = in.read(buffer)) > 0; ) {
              total += read;
            }
          }
          var body = Long.toString(total).getBytes();
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    origin.createContext(
        "/events",
        exchange -> {
          exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
          exchange.sendResponseHeaders(200, 0);
          try (var out = exchange.getResponseBody()) {
            for (int i = 0; i < 5; i++) {
              out.write(("data: " + System.nanoTime() + "\n\n").getBytes());
              out.flush();
              sleep(300);
            }
          }
        });
    origin.createContext(
        "/proto",
        exchange -> {
          var body = exchange.getRequestHeaders().getFirst("X-Forwarded-Proto").getBytes();
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    origin.createContext(
        "/slow",
        exchange -> {
          sleep(3000);
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    origin.createContext(
        "/headers",
        exchange -> {
          var seen = new StringBuilder();
          exchange
              .getRequestHeaders()
              .forEach(
                  (name, values) ->
                      seen.append(name.toLowerCase())
                          .append('=')
                          .append(String.join(",", values))
                          .append('\n'));
          var body = seen.toString().getBytes();
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    origin.createContext(
        "/whoami",
        exchange -> {
          var body = Integer.toString(exchange.getRemoteAddress().getPort()).getBytes();
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    origin.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    origin.start();
    webSocketOrigin = TestOrigins.webSocketEcho(group);
    unixOrigin = TestOrigins.unixSocketHello(group, Files.createTempDirectory("outpost-unix"));
    tcpOrigin = TestOrigins.tcpEcho(group);

    var expectedHash = MessageDigest.getInstance("SHA-256").digest(secret);
    Registrar registrar =
        (credentials, address) -> {
          if (!credentials.tunnelId().equals(tunnelId)) {
            return Control.Verdict.refused("unknown tunnel", false);
          }
          try {
            var presented = java.util.Base64.getDecoder().decode(credentials.secret());
            var hash = MessageDigest.getInstance("SHA-256").digest(presented);
            return MessageDigest.isEqual(hash, expectedHash)
                ? Control.Verdict.accepted(UUID.randomUUID(), "router-test")
                : Control.Verdict.refused("the tunnel secret is wrong (rotated?)", false);
          } catch (Exception e) {
            return Control.Verdict.refused("bad credentials", false);
          }
        };
    edge = new EdgeServer(group, TestTls.server(), registrar, registry, "router-test");
    tunnelAddress = edge.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    publicServer =
        new PublicServer(
            group,
            registry,
            host ->
                switch (host) {
                  case "app.acme.example",
                      "down.acme.example",
                      "ws.acme.example",
                      "tcp.acme.example",
                      "unix.acme.example" ->
                      Optional.of(host.startsWith("down") ? UUID.randomUUID() : tunnelId);
                  default -> Optional.empty();
                });
    publicServer.gate(request -> gate.check(request));
    publicAddress = publicServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
  }

  @AfterEach
  void stop() throws Exception {
    webSocketOrigin.close();
    unixOrigin.close();
    tcpOrigin.close();
    publicServer.close();
    edge.close();
    origin.stop(0);
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  private OriginProxy proxy;

  private ConnectorClient.Registered connect(byte[] withSecret) throws Exception {
    var rules =
        IngressTable.parse(
            Map.of(
                "ingress",
                List.of(
                    Map.of(
                        "hostname",
                        "app.acme.example",
                        "service",
                        "http://127.0.0.1:" + origin.getAddress().getPort()),
                    Map.of(
                        "hostname",
                        "ws.acme.example",
                        "service",
                        // A name, not an address: resolved by the connector's DNS client.
                        "http://localhost:" + webSocketOrigin.port()),
                    Map.of("hostname", "unix.acme.example", "service", "unix:" + unixOrigin.path()),
                    Map.of(
                        "hostname",
                        "tcp.acme.example",
                        "service",
                        "tcp://127.0.0.1:" + tcpOrigin.port()),
                    Map.of("service", "http_status:404"))));
    proxy = new OriginProxy(rules);
    var client =
        new ConnectorClient(
                group,
                TestTls.client(),
                new TunnelToken(tenantId, tunnelId, withSecret),
                UUID.randomUUID(),
                "test",
                proxy)
            .haConnections(4);
    return client.connect(tunnelAddress, "localhost", 0).get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<String> get(String host, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + publicAddress.getPort() + path))
            .header("Host", host)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aRequestReachesTheOriginThroughTheTunnel() throws Exception {
    var registered = connect(secret);
    assertThat(registered.verdict().registered()).isTrue();
    awaitRegistered();

    var response = get("app.acme.example", "/hello");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("hello app.acme.example");
    assertThat(response.headers().firstValue("x-origin")).hasValue("yes");
    assertThat(proxy.metrics().requests()).isEqualTo(1);
    assertThat(proxy.metrics().responses()).containsEntry(200, 1L);
    // The edge knows how many connections the connector means to hold (for degraded status).
    assertThat(registry.pick(tunnelId).orElseThrow().haConnections()).isEqualTo(4);
  }

  @Test
  void requestsReuseKeptAliveConnectionsToTheOrigin() throws Exception {
    connect(secret);
    awaitRegistered();
    var originPorts = new java.util.HashSet<String>();
    for (int i = 0; i < 10; i++) {
      originPorts.add(get("app.acme.example", "/whoami").body());
    }
    // One after the other, on one tunnel connection: one origin connection serves them all.
    assertThat(originPorts).hasSize(1);
  }

  @Test
  void aBodyGoesThereAndBack() throws Exception {
    connect(secret);
    awaitRegistered();
    var body = "x".repeat(300_000);
    var response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + publicAddress.getPort() + "/echo"))
                .header("Host", "app.acme.example")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(body);
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS) // 2 GiB through TLS twice on a shared machine
  void oneGibibyteStreamsEachWayWithinASmallHeap() throws Exception {
    // This test JVM runs edge, connector, origin and client with a 256 MB heap (see the pom): a
    // body held whole anywhere on the way would not fit.
    connect(secret);
    awaitRegistered();
    long size = 1024L * 1024 * 1024;
    var download =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + publicAddress.getPort() + "/bytes?n=" + size))
                .header("Host", "app.acme.example")
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    long received = 0;
    try (var in = download.body()) {
      var buffer = new byte[64 * 1024];
      for (int read; (read = in.read(buffer)) > 0; ) {
        received += read;
      }
    }
    assertThat(received).isEqualTo(size);

    var chunk = new byte[1024 * 1024];
    var upload =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + publicAddress.getPort() + "/count"))
                .header("Host", "app.acme.example")
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () ->
                            new java.io.SequenceInputStream(
                                java.util.Collections.enumeration(
                                    java.util.Collections.nCopies(1024, (java.io.InputStream) null)
                                        .stream()
                                        .map(
                                            x ->
                                                (java.io.InputStream)
                                                    new java.io.ByteArrayInputStream(chunk))
                                        .toList()))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(upload.body()).isEqualTo(Long.toString(size));
    long peakHeap =
        java.lang.management.ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == java.lang.management.MemoryType.HEAP)
            .mapToLong(pool -> pool.getPeakUsage().getUsed())
            .sum();
    System.out.printf(
        "1 GiB down and up through the tunnel; peak heap of the whole test JVM: %d MiB%n",
        peakHeap >> 20);
    assertThat(Runtime.getRuntime().maxMemory()).isLessThanOrEqualTo(256L << 20);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void serverSentEventsArriveAsTheyAreWritten() throws Exception {
    connect(secret);
    awaitRegistered();
    var response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + publicAddress.getPort() + "/events"))
                .header("Host", "app.acme.example")
                .build(),
            HttpResponse.BodyHandlers.ofLines());
    var delays =
        response
            .body()
            .filter(line -> line.startsWith("data: "))
            .map(line -> (System.nanoTime() - Long.parseLong(line.substring(6))) / 1_000_000)
            .toList();
    assertThat(delays).hasSize(5);
    // Each event is written 300 ms after the previous one: held back, it would arrive later.
    assertThat(delays).allSatisfy(ms -> assertThat(ms).isLessThan(150));
    System.out.println("server-sent event delays through the tunnel (ms): " + delays);
  }

  @Test
  void aStalledDownloadDoesNotHoldUpOtherRequestsOnTheSameConnection() throws Exception {
    connect(secret);
    awaitRegistered();
    assertThat(registry.connections(tunnelId)).hasSize(1);
    // A client that asks for 256 MiB and then reads nothing: its stream's window fills up.
    try (var stalled = new java.net.Socket()) {
      stalled.setReceiveBufferSize(4096);
      stalled.connect(publicAddress);
      stalled
          .getOutputStream()
          .write(
              ("GET /bytes?n=" + (256L << 20) + " HTTP/1.1\r\nHost: app.acme.example\r\n\r\n")
                  .getBytes());
      stalled.getOutputStream().flush();
      Thread.sleep(1000); // let it stall
      long start = System.nanoTime();
      for (int i = 0; i < 20; i++) {
        var response = get("app.acme.example", "/hello");
        assertThat(response.statusCode()).isEqualTo(200);
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
  }

  /** Makes one end of a connection a silent peer: it neither reads nor sends heartbeats. */
  private static void silence(Channel connection) throws Exception {
    connection
        .eventLoop()
        .submit(
            () -> {
              connection.pipeline().remove("idle");
              connection.pipeline().remove("heartbeat");
              connection.config().setAutoRead(false);
            })
        .sync();
  }

  @Test
  void theEdgeDropsAConnectorThatFellSilentWithinFiveSeconds() throws Exception {
    var registered = connect(secret);
    awaitRegistered();
    silence(registered.channel());
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(8);
    while (registry.pick(tunnelId).isPresent() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(registry.pick(tunnelId)).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(7));
  }

  @Test
  void theConnectorDropsAnEdgeThatFellSilentWithinFiveSeconds() throws Exception {
    var registered = connect(secret);
    awaitRegistered();
    silence(registry.pick(tunnelId).orElseThrow().channel());
    long start = System.nanoTime();
    assertThat(registered.channel().closeFuture().await(8, TimeUnit.SECONDS)).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(7));
  }

  @Test
  void anIdleConnectionStaysUpOnHeartbeats() throws Exception {
    var registered = connect(secret);
    awaitRegistered();
    Thread.sleep(6500); // longer than the deadline, with no request at all
    assertThat(registered.channel().isActive()).isTrue();
    assertThat(get("app.acme.example", "/hello").statusCode()).isEqualTo(200);
  }

  @Test
  void clearAnswersForUnknownHostsDownTunnelsAndCatchAllRules() throws Exception {
    connect(secret);
    awaitRegistered();
    assertThat(get("nobody.example", "/").statusCode()).isEqualTo(404);
    var down = get("down.acme.example", "/");
    assertThat(down.statusCode()).isEqualTo(502);
    assertThat(down.body()).contains("is down");
  }

  @Test
  void anAnswerTheConnectorGivesItselfLeavesNoRequestInFlight() throws Exception {
    connect(secret);
    awaitRegistered();
    // A plain GET to a TCP service: the connector answers 400 at once, with no origin.
    assertThat(get("tcp.acme.example", "/").statusCode()).isEqualTo(400);

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (proxy.metrics().inFlight() != 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(proxy.metrics().requests()).isEqualTo(1);
    assertThat(proxy.metrics().inFlight()).as("requests in flight").isZero();
  }

  @Test
  void aWrongSecretIsRefusedWithAReason() throws Exception {
    var wrong = secret.clone();
    wrong[0] = 7;
    var registered = connect(wrong);
    assertThat(registered.verdict().registered()).isFalse();
    assertThat(registered.verdict().reason()).contains("secret is wrong");
    assertThat(registry.connections(tunnelId)).isEmpty();
  }

  @Test
  void aWebSocketEchoWorksThroughTheTunnel() throws Exception {
    connect(secret);
    awaitRegistered();
    var received = new java.util.concurrent.LinkedBlockingQueue<String>();
    var socket =
        TestWebSockets.openText(http, publicAddress.getPort(), "ws.acme.example", "/ws", received);
    for (int i = 0; i < 3; i++) {
      socket.sendText("ping " + i, true).get(5, TimeUnit.SECONDS);
      assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("echo: ping " + i);
    }
    socket.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
  }

  @Test
  void aTcpServiceIsCarriedOverAWebSocketAndRefusesPlainHttp() throws Exception {
    connect(secret);
    awaitRegistered();
    var received = new java.io.ByteArrayOutputStream();
    var done = new CompletableFuture<Void>();
    long total = 1024 * 1024;
    var socket =
        http.newWebSocketBuilder()
            .header("Host", "tcp.acme.example")
            .buildAsync(
                URI.create("ws://127.0.0.1:" + publicAddress.getPort() + "/"),
                new java.net.http.WebSocket.Listener() {
                  @Override
                  public java.util.concurrent.CompletionStage<?> onBinary(
                      java.net.http.WebSocket webSocket, java.nio.ByteBuffer data, boolean last) {
                    var bytes = new byte[data.remaining()];
                    data.get(bytes);
                    synchronized (received) {
                      received.writeBytes(bytes);
                      if (received.size() >= total) {
                        done.complete(null);
                      }
                    }
                    webSocket.request(1);
                    return null;
                  }
                })
            .get(10, TimeUnit.SECONDS);
    // 1 MiB in 16 messages: the origin sees one byte stream and echoes it.
    var sent = new java.io.ByteArrayOutputStream();
    var random = new java.util.Random(7);
    for (int i = 0; i < 16; i++) {
      var chunk = new byte[64 * 1024];
      random.nextBytes(chunk);
      sent.writeBytes(chunk);
      socket.sendBinary(java.nio.ByteBuffer.wrap(chunk), true).get(5, TimeUnit.SECONDS);
    }
    done.get(10, TimeUnit.SECONDS);
    synchronized (received) {
      assertThat(received.toByteArray()).isEqualTo(sent.toByteArray());
    }
    socket.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);

    var plain = get("tcp.acme.example", "/");
    assertThat(plain.statusCode()).isEqualTo(400);
    assertThat(plain.body()).contains("connector access tcp");
  }

  @Test
  void aUnixSocketOriginAnswers() throws Exception {
    connect(secret);
    awaitRegistered();
    var response = get("unix.acme.example", "/there");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("hello over a unix socket: /there");
  }

  @Test
  void cleartextHttp2ClientsAreServed() throws Exception {
    connect(secret);
    awaitRegistered();
    var h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    // A request without a body upgrades the connection from HTTP/1.1 (h2c); later ones are HTTP/2.
    var first =
        h2.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + publicAddress.getPort() + "/hello"))
                .header("Host", "app.acme.example")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).isEqualTo("hello app.acme.example");
    assertThat(first.version()).isEqualTo(HttpClient.Version.HTTP_2);
    var body = "y".repeat(200_000);
    var echoed =
        h2.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + publicAddress.getPort() + "/echo"))
                .header("Host", "app.acme.example")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(echoed.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(echoed.statusCode()).isEqualTo(200);
    assertThat(echoed.body()).isEqualTo(body);
  }

  @Test
  void aBodyEndedByTrailersReachesTheOriginWhole() throws Exception {
    connect(secret);
    awaitRegistered();
    // An HTTP/2 client (prior knowledge) whose request body ends with trailers, as gRPC's do.
    var answer = new CompletableFuture<String>();
    var connection =
        new Bootstrap()
            .group(group)
            .channel(Transport.socketChannel(group))
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast(
                            Http2FrameCodecBuilder.forClient().build(),
                            new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
                  }
                })
            .connect(publicAddress)
            .sync()
            .channel();
    try {
      var stream =
          new Http2StreamChannelBootstrap(connection)
              .handler(new Collect(answer))
              .open()
              .sync()
              .getNow();
      stream.write(
          new DefaultHttp2HeadersFrame(
              new DefaultHttp2Headers()
                  .method("POST")
                  .path("/echo")
                  .scheme("http")
                  .authority("app.acme.example")));
      stream.write(
          new DefaultHttp2DataFrame(
              Unpooled.copiedBuffer("body, then trailers", StandardCharsets.UTF_8)));
      stream.writeAndFlush(
          new DefaultHttp2HeadersFrame(
              new DefaultHttp2Headers().set("x-checksum", "c0ffee"), true));

      assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo("200 body, then trailers");
    } finally {
      connection.close().sync();
    }
  }

  /** Collects an HTTP/2 answer as "status body". */
  private static final class Collect extends ChannelInboundHandlerAdapter {
    private final CompletableFuture<String> answer;
    private final StringBuilder text = new StringBuilder();

    Collect(CompletableFuture<String> answer) {
      this.answer = answer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        boolean end = false;
        if (msg instanceof Http2HeadersFrame headers) {
          if (headers.headers().status() != null) {
            text.append(headers.headers().status()).append(' ');
          }
          end = headers.isEndStream();
        } else if (msg instanceof Http2DataFrame data) {
          text.append(data.content().toString(StandardCharsets.UTF_8));
          end = data.isEndStream();
        }
        if (end) {
          answer.complete(text.toString());
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }
  }

  @Test
  void theTlsListenerPicksTheCertificateByNameAndSpeaksHttp2() throws Exception {
    connect(secret);
    awaitRegistered();
    var folder = Files.createTempDirectory("outpost-public-tls");
    var ca = TestTls.certificates();
    ca.issue(folder.resolve("default.p12"), List.of("localhost"));
    ca.issue(folder.resolve("acme.p12"), List.of("acme.example", "*.acme.example"));
    var tlsAddress =
        publicServer.bindTls(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            PublicCertificates.load(folder, EdgeCertificates.PASSWORD.toCharArray()));

    // SNI app.acme.example: the acme certificate, and the request goes through.
    var trust = TestTls.trustingTheCa();
    try (var socket =
        (javax.net.ssl.SSLSocket)
            trust.getSocketFactory().createSocket("127.0.0.1", tlsAddress.getPort())) {
      var parameters = socket.getSSLParameters();
      parameters.setServerNames(List.of(new javax.net.ssl.SNIHostName("app.acme.example")));
      parameters.setApplicationProtocols(new String[] {"http/1.1"});
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      var presented =
          (java.security.cert.X509Certificate) socket.getSession().getPeerCertificates()[0];
      assertThat(presented.getSubjectAlternativeNames())
          .extracting(entry -> (Object) entry.get(1))
          .contains((Object) "*.acme.example");
      socket
          .getOutputStream()
          .write(
              "GET /hello HTTP/1.1\r\nHost: app.acme.example\r\nConnection: close\r\n\r\n"
                  .getBytes());
      var answer = new String(socket.getInputStream().readAllBytes());
      assertThat(answer).startsWith("HTTP/1.1 200").endsWith("hello app.acme.example");
    }

    // No SNI match: the default certificate; ALPN agrees on HTTP/2 and X-Forwarded-Proto says TLS.
    var h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(trust).build();
    var response =
        h2.send(
            HttpRequest.newBuilder(
                    URI.create("https://localhost:" + tlsAddress.getPort() + "/proto"))
                .header("Host", "app.acme.example")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("https");
  }

  @Test
  void browsersGetAPageAndScriptsAProblemWhenTheTunnelIsDown() throws Exception {
    var page =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + publicAddress.getPort() + "/"))
                .header("Host", "down.acme.example")
                .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(502);
    assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
    assertThat(page.body()).contains("<h1>502 Bad Gateway</h1>").contains("is down");
    var problem = get("down.acme.example", "/");
    assertThat(problem.headers().firstValue("content-type")).hasValue("application/problem+json");
    assertThat(problem.body()).contains("\"status\":502");
  }

  @Test
  void theGateAnswersForItselfOverHttp1AndHttp2AndTheOriginNeverHearsOfIt() throws Exception {
    connect(secret);
    awaitRegistered();
    var seen = new java.util.concurrent.ConcurrentLinkedQueue<EdgeGate.Request>();
    gate =
        request -> {
          seen.add(request);
          return CompletableFuture.completedFuture(
              EdgeGate.Answer.redirect(
                  302,
                  "http://login.example/login?redirect=" + request.target(),
                  List.of(
                      Map.entry("set-cookie", "a=1; HttpOnly"),
                      Map.entry("set-cookie", "b=2; HttpOnly"))));
        };
    var http1 = get("app.acme.example", "/hello?x=1");
    assertThat(http1.statusCode()).isEqualTo(302);
    assertThat(http1.headers().firstValue("location"))
        .hasValue("http://login.example/login?redirect=/hello?x=1");
    assertThat(http1.headers().allValues("set-cookie"))
        .containsExactly("a=1; HttpOnly", "b=2; HttpOnly");
    assertThat(http1.headers().firstValue("cache-control")).hasValue("no-store");

    // A body the gate refused is read and dropped: the kept-alive connection serves the next one.
    var posted =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + publicAddress.getPort() + "/count"))
                .header("Host", "app.acme.example")
                .POST(HttpRequest.BodyPublishers.ofString("z".repeat(200_000)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(posted.statusCode()).isEqualTo(302);

    var h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    get(h2, "/hello"); // upgrades the connection
    var http2 = get(h2, "/hello");
    assertThat(http2.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(http2.statusCode()).isEqualTo(302);
    assertThat(http2.headers().allValues("set-cookie")).hasSize(2);

    assertThat(proxy.metrics().requests()).isZero();
    var first = seen.peek();
    assertThat(first.host()).isEqualTo("app.acme.example");
    assertThat(first.tunnelId()).isEqualTo(tunnelId);
    assertThat(first.method()).isEqualTo("GET");
    assertThat(first.clientAddress()).isEqualTo("127.0.0.1");
    assertThat(first.tls()).isFalse();
  }

  @Test
  void aGateThatDecidesLaterPassesWithItsHeadersAndClientsCannotForgeThem() throws Exception {
    connect(secret);
    awaitRegistered();
    var credentials = new java.util.concurrent.ConcurrentLinkedQueue<String>();
    var later = CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS);
    gate =
        request -> {
          credentials.add(String.valueOf(request.headers().get("outpost-access-client-id")));
          return CompletableFuture.supplyAsync(
              () ->
                  new EdgeGate.Pass(
                      List.of(Map.entry("outpost-access-jwt-assertion", "signed-by-the-gate"))),
              later);
        };
    var headers =
        http.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + publicAddress.getPort() + "/headers"))
                    .header("Host", "app.acme.example")
                    .header("Outpost-Access-Client-Id", "client-1")
                    .header("Outpost-Access-Jwt-Assertion", "forged")
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(headers)
        .contains("outpost-access-jwt-assertion=signed-by-the-gate\n")
        .doesNotContain("forged")
        .doesNotContain("client-1");
    assertThat(credentials).containsExactly("client-1");

    // The body waits for the verdict, then streams: nothing lost.
    var counted =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + publicAddress.getPort() + "/count"))
                .header("Host", "app.acme.example")
                .POST(HttpRequest.BodyPublishers.ofString("z".repeat(3_000_000)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(counted.body()).isEqualTo("3000000");

    var h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    get(h2, "/hello");
    var overHttp2 = get(h2, "/headers");
    assertThat(overHttp2.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(overHttp2.body()).contains("outpost-access-jwt-assertion=signed-by-the-gate\n");
  }

  @Test
  void aGateThatFailsIsA503AndTheRequestGoesNowhere() throws Exception {
    connect(secret);
    awaitRegistered();
    gate =
        request ->
            CompletableFuture.failedFuture(new IllegalStateException("access-service unreachable"));
    var response = get("app.acme.example", "/hello");
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).contains("access check is unavailable");
    assertThat(proxy.metrics().requests()).isZero();
  }

  @Test
  void theGateDecidesBeforeTheEdgeSaysATunnelIsDown() throws Exception {
    gate =
        request ->
            CompletableFuture.completedFuture(
                EdgeGate.Answer.page(401, "Unauthorized", "Log in first.", null, List.of()));
    var response = get("down.acme.example", "/");
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).doesNotContain("is down");
  }

  @Test
  void aTunnelThatDropsBeforeTheOriginAnswersIsA502OverHttp1AndHttp2() throws Exception {
    connect(secret);
    awaitRegistered();
    var h1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    var h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    get(h2, "/hello"); // upgrades the connection to h2c
    var overHttp1 = h1.sendAsync(slowRequest(), HttpResponse.BodyHandlers.ofString());
    var overHttp2 = h2.sendAsync(slowRequest(), HttpResponse.BodyHandlers.ofString());
    Thread.sleep(500); // both requests wait on the origin
    registry.closeAll(tunnelId);
    var overHttp1Answer = overHttp1.get(10, TimeUnit.SECONDS);
    assertThat(overHttp1Answer.statusCode()).isEqualTo(502);
    assertThat(overHttp1Answer.body()).contains("ended before the origin answered");
    var answer = overHttp2.get(10, TimeUnit.SECONDS);
    assertThat(answer.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(answer.statusCode()).isEqualTo(502);
    assertThat(answer.body()).contains("ended before the origin answered");
  }

  private HttpRequest slowRequest() {
    return HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + publicAddress.getPort() + "/slow"))
        .header("Host", "app.acme.example")
        .build();
  }

  private HttpResponse<String> get(HttpClient client, String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + publicAddress.getPort() + path))
            .header("Host", "app.acme.example")
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void awaitRegistered() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (registry.pick(tunnelId).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(registry.pick(tunnelId)).isPresent();
  }
}
