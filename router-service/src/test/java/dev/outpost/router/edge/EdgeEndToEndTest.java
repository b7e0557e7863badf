package dev.outpost.router.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.outpost.events.ConnectorEvent;
import dev.outpost.events.HostnameRouteRecord;
import dev.outpost.events.RouterHeartbeat;
import dev.outpost.events.Topic;
import dev.outpost.events.TunnelConfigurationRecord;
import dev.outpost.protocol.TunnelToken;
import dev.outpost.protocol.agent.ConnectorClient;
import dev.outpost.protocol.agent.OriginProxy;
import dev.outpost.router.routing.RoutingView;
import dev.outpost.router.support.EdgeTlsResource;
import dev.outpost.router.support.RoutingTopics;
import dev.outpost.testing.Infrastructure;
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
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real router (its routing view fed through the real Kafka), a real connector and an origin on
 * loopback: a public request reaches the origin, configuration pushes change routing, and a rotated
 * secret or a deleted tunnel ends the connector's welcome.
 */
@QuarkusTest
class EdgeEndToEndTest {

  static {
    System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
  }

  @Inject Edge edge;
  @Inject RoutingView view;
  @Inject HeartbeatPublisher heartbeats;

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private final NioEventLoopGroup group = new NioEventLoopGroup(1);
  private final HttpClient http = HttpClient.newHttpClient();
  private final UUID tenant = UUID.randomUUID();
  private final UUID tunnel = UUID.randomUUID();
  private final byte[] secret = new byte[32];
  private final String host =
      "app-" + UUID.randomUUID().toString().substring(0, 8) + ".acme.example";
  private HttpServer origin;
  private RoutingTopics topics;

  @BeforeEach
  void setUp() throws Exception {
    secret[5] = 5;
    origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    origin.createContext(
        "/",
        exchange -> {
          var body =
              ("origin saw "
                      + exchange.getRequestURI()
                      + " for "
                      + exchange.getRequestHeaders().getFirst("X-Forwarded-Host"))
                  .getBytes();
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

  private TunnelConfigurationRecord record(
      String state, byte[] withSecret, Map<String, Object> ingress, int version, long revision)
      throws Exception {
    var hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(withSecret));
    return new TunnelConfigurationRecord(
        tunnel, tenant, "web", state, hash, "remote", ingress, version, revision);
  }

  private Map<String, Object> ingressTo(String service) {
    return Map.of(
        "ingress",
        List.of(
            Map.of("hostname", host, "service", service), Map.of("service", "http_status:404")));
  }

  private ConnectorClient.Registered connect(byte[] withSecret) throws Exception {
    return connect(withSecret, 0);
  }

  private ConnectorClient.Registered connect(byte[] withSecret, int haConnections)
      throws Exception {
    var client =
        new ConnectorClient(
            group,
            SslContextBuilder.forClient().trustManager(EdgeTlsResource.caPem().toFile()).build(),
            new TunnelToken(tenant, tunnel, withSecret),
            UUID.randomUUID(),
            "test",
            new OriginProxy(null));
    if (haConnections > 0) {
      client.haConnections(haConnections);
    }
    return client
        .connect(new InetSocketAddress("localhost", edge.tunnelAddress().getPort()), "localhost", 0)
        .get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<String> get(String hostname, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + edge.publicAddress().getPort() + path))
            .header("Host", hostname)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aPublicRequestReachesTheOriginAndConfigurationChangesRerouteIt() throws Exception {
    topics.tunnel(
        record(
            "active",
            secret,
            ingressTo("http://127.0.0.1:" + origin.getAddress().getPort()),
            1,
            1));
    topics.route(new HostnameRouteRecord(host, tenant, tunnel));
    await().atMost(Duration.ofSeconds(20)).until(() -> view.route(host).isPresent());

    // No connector yet: the tunnel is down.
    assertThat(get(host, "/").statusCode()).isEqualTo(502);

    try (var events = consumer()) {
      var registered = connect(secret);
      assertThat(registered.verdict().registered()).isTrue();
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                var response = get(host, "/hello?x=1");
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("origin saw /hello?x=1 for " + host);
              });

      // A new configuration version reaches the connector and changes routing.
      topics.tunnel(record("active", secret, ingressTo("http_status:418"), 2, 2));
      await().atMost(Duration.ofSeconds(10)).until(() -> get(host, "/").statusCode() == 418);

      var types = new java.util.ArrayList<String>();
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                events
                    .poll(Duration.ofMillis(200))
                    .forEach(
                        r -> {
                          if (r.key().equals(tunnel.toString())) {
                            types.add(r.value());
                          }
                        });
                assertThat(String.join("\n", types))
                    .contains("\"type\":\"" + ConnectorEvent.CONNECTED + "\"")
                    .contains("\"type\":\"" + ConnectorEvent.CONFIG_APPLIED + "\"")
                    .contains("\"configVersion\":2")
                    .contains("\"routerId\":\"router-test\"");
              });

      // Rotating the secret closes the connection; the old token is refused, saying why.
      var rotated = secret.clone();
      rotated[0] = 99;
      topics.tunnel(record("active", rotated, ingressTo("http_status:418"), 2, 3));
      await().atMost(Duration.ofSeconds(10)).until(() -> !registered.channel().isActive());
      var again = connect(secret);
      assertThat(again.verdict().registered()).isFalse();
      assertThat(again.verdict().reason()).contains("rotated");
    }
  }

  @Test
  void connectedSaysHowManyConnectionsHeartbeatsFlowAndAResyncReportsLiveConnectionsAgain()
      throws Exception {
    topics.tunnel(record("active", secret, null, 0, 1));
    await().atMost(Duration.ofSeconds(20)).until(() -> view.tunnel(tunnel).isPresent());
    try (var events = consumer()) {
      var registered = connect(secret, 3);
      assertThat(registered.verdict().registered()).isTrue();
      var connection = registered.verdict().connectionId().toString();
      var seen =
          new java.util.ArrayList<
              org.apache.kafka.clients.consumer.ConsumerRecord<String, String>>();
      java.util.function.Predicate<String> connected =
          v ->
              v.contains("\"type\":\"" + ConnectorEvent.CONNECTED + "\"") && v.contains(connection);
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                events.poll(Duration.ofMillis(200)).forEach(seen::add);
                assertThat(seen)
                    .anyMatch(
                        r ->
                            r.key().equals(tunnel.toString())
                                && connected.test(r.value())
                                && r.value().contains("\"haConnections\":3"))
                    .anyMatch(
                        r ->
                            r.key().equals("router-test")
                                && r.value()
                                    .contains("\"type\":\"" + RouterHeartbeat.TYPE_NAME + "\""));
              });
      var firstSince =
          seen.stream()
              .filter(r -> r.key().equals("router-test"))
              .map(r -> reportsSince(r.value()))
              .findFirst()
              .orElseThrow();
      int before = seen.size();
      heartbeats.resynchronize();
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                events.poll(Duration.ofMillis(200)).forEach(seen::add);
                var after = seen.subList(before, seen.size());
                assertThat(after).anyMatch(r -> connected.test(r.value()));
                assertThat(after)
                    .filteredOn(r -> r.key().equals("router-test"))
                    .anyMatch(r -> reportsSince(r.value()).isAfter(firstSince));
              });
    }
  }

  private static java.time.OffsetDateTime reportsSince(String heartbeat) {
    try {
      return java.time.OffsetDateTime.parse(JSON.readTree(heartbeat).path("reportsSince").asText());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void unknownHostsAndDeletedTunnelsAreRefused() throws Exception {
    assertThat(get("nobody-" + UUID.randomUUID() + ".example", "/").statusCode()).isEqualTo(404);

    topics.tunnel(record("deleted", secret, null, 0, 9));
    await().atMost(Duration.ofSeconds(20)).until(() -> view.tunnel(tunnel).isPresent());
    var refused = connect(secret);
    assertThat(refused.verdict().registered()).isFalse();
    assertThat(refused.verdict().reason()).contains("was deleted");

    var stranger = connect(secret.clone());
    assertThat(stranger.verdict().registered()).isFalse();
  }

  private static KafkaConsumer<String, String> consumer() {
    var consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                Infrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "edge-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new StringDeserializer());
    consumer.subscribe(List.of(Topic.CONNECTOR_EVENTS.topicName()));
    return consumer;
  }
}
