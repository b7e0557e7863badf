package dev.outpost.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.outpost.events.HostnameRouteRecord;
import dev.outpost.events.Topic;
import dev.outpost.events.TunnelConfigurationRecord;
import dev.outpost.infra.kafka.KafkaBroker;
import dev.outpost.infra.kafka.TopicProvisioner;
import dev.outpost.infra.process.FreePorts;
import dev.outpost.protocol.TunnelToken;
import dev.outpost.system.Platform.Service;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The router as built, on a Kafka broker of its own that the test stops: the router keeps routing
 * from memory, admits a connector that comes back (its secret checked against the hash it holds),
 * and stays ready.
 */
class KafkaOutageSystemTest {

  @Test
  void theRouterKeepsServingFromMemoryWhileKafkaIsGone() throws Exception {
    var data = Files.createTempDirectory("outpost-outage-kafka");
    var broker =
        KafkaBroker.start(
            FreePorts.pick(),
            FreePorts.pick(),
            data,
            Path.of("target", "system-tests", "outage-kafka.log").toAbsolutePath(),
            "256m",
            Duration.ofMinutes(2));
    var origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    origin.createContext(
        "/",
        exchange -> {
          var body = "still here".getBytes();
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    origin.start();
    TopicProvisioner.ensureTopics(broker.bootstrapServers(), (short) 1);
    try (broker;
        var platform =
            Platform.with(Service.ROUTER)
                .configure(
                    Service.ROUTER, Map.of("kafka.bootstrap.servers", broker.bootstrapServers()))
                .start()) {
      var tenant = UUID.randomUUID();
      var tunnel = UUID.randomUUID();
      var secret = new byte[32];
      secret[7] = 7;
      var host = "outage.acme.example";
      publish(
          broker,
          Topic.TUNNEL_CONFIGURATIONS,
          tunnel.toString(),
          new TunnelConfigurationRecord(
              tunnel,
              tenant,
              "outage",
              TunnelConfigurationRecord.ACTIVE,
              HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret)),
              "remote",
              Map.of(
                  "ingress",
                  List.of(Map.of("service", "http://127.0.0.1:" + origin.getAddress().getPort()))),
              1,
              1));
      publish(broker, Topic.HOSTNAME_ROUTES, host, new HostnameRouteRecord(host, tenant, tunnel));
      var token = new TunnelToken(tenant, tunnel, secret).encode();
      var edge = "localhost:" + platform.edgeTunnelPort;
      var caPem = platform.edgeTls.caPem();
      var http = HttpClient.newHttpClient();
      var request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + platform.edgePublicPort + "/"))
              .header("Host", host)
              .build();

      var first = ConnectorProcess.start("outage-1", token, edge, caPem, 2);
      await().atMost(Duration.ofSeconds(60)).until(() -> status(http, request) == 200);

      broker.close(); // Kafka is gone
      long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      int served = 0;
      while (System.nanoTime() < end) {
        assertThat(status(http, request)).isEqualTo(200);
        served++;
        Thread.sleep(100);
      }
      assertThat(served).isGreaterThan(20);

      // A connector that comes back is admitted from memory, and serves.
      first.kill();
      await().atMost(Duration.ofSeconds(20)).until(() -> status(http, request) == 502);
      try (var second = ConnectorProcess.start("outage-2", token, edge, caPem, 2)) {
        await().atMost(Duration.ofSeconds(60)).until(() -> status(http, request) == 200);
        assertThat(second.isAlive()).isTrue();
      }
      var ready =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://localhost:" + platform.port(Service.ROUTER) + "/q/health/ready"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    } finally {
      origin.stop(0);
    }
  }

  private static int status(HttpClient http, HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private static void publish(KafkaBroker broker, Topic topic, String key, Object record)
      throws Exception {
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      producer
          .send(
              new ProducerRecord<>(topic.topicName(), key, JsonApi.JSON.writeValueAsString(record)))
          .get();
    }
  }
}
