package dev.outpost.system;

import dev.outpost.events.Topic;
import dev.outpost.infra.process.FreePorts;
import dev.outpost.infra.process.JavaRuntime;
import dev.outpost.infra.process.ManagedProcess;
import dev.outpost.protocol.EdgeCertificates;
import dev.outpost.testing.Infrastructure;
import dev.outpost.testing.KafkaResource;
import dev.outpost.testing.KeycloakResource;
import dev.outpost.testing.PostgresResource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The platform as an operator runs it, on free loopback ports: the shared test PostgreSQL, Kafka
 * and Keycloak ({@code testing}), and the access-service and router-service as built (their {@code
 * target/quarkus-app/quarkus-run.jar}) as child processes, configured with system properties. The
 * api-service is not started: the tests write the tunnel and route records it would publish.
 */
final class Platform implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
  private static final Path HOME = Path.of("..").toAbsolutePath().normalize();
  private static final Path LOGS = Path.of("target", "system-tests").toAbsolutePath();

  private final List<ManagedProcess> services = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private final KafkaProducer<String, String> producer;
  final int accessPort = FreePorts.pick();
  final int routerPort = FreePorts.pick();
  final int edgePublicPort = FreePorts.pick();
  final int edgeTunnelPort = FreePorts.pick();
  final EdgeCertificates edgeTls;

  Platform() throws IOException {
    var common = new HashMap<String, String>();
    common.putAll(new KafkaResource().start());
    common.putAll(new KeycloakResource().start());
    var postgres = new PostgresResource();
    postgres.init(Map.of("database", "outpost_access"));
    producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafkaBootstrapServers()),
            new StringSerializer(),
            new StringSerializer());
    edgeTls = EdgeCertificates.inFolder(Files.createTempDirectory("outpost-system-edge"));

    var access = new HashMap<>(common);
    access.putAll(postgres.start());
    access.put("outpost.access.public-url", accessUrl());
    access.put("outpost.access.client-secret", "outpost-access-local-secret");
    access.put("outpost.access.key-encryption-key", randomKey());
    start("access-service", accessPort, access);

    var router = new HashMap<>(common);
    router.put("outpost.router.id", "system-test-router");
    router.put("outpost.router.host", "127.0.0.1");
    router.put("outpost.router.public-port", Integer.toString(edgePublicPort));
    router.put("outpost.router.tunnel-port", Integer.toString(edgeTunnelPort));
    router.put("outpost.router.tls.key-store", edgeTls.keyStore().toString());
    router.put("outpost.router.tls.key-store-password", edgeTls.password());
    router.put("outpost.router.access.public-url", accessUrl());
    start("router-service", routerPort, router);

    awaitReady("access-service", accessPort);
    awaitReady("router-service", routerPort);
  }

  /** The access-service as browsers and the edge reach it. */
  String accessUrl() {
    return "http://localhost:" + accessPort;
  }

  /** A URL on the edge's public listener for an application host. */
  String edgeUrl(String host, String path) {
    return "http://" + host + ":" + edgePublicPort + path;
  }

  /** Writes a record as its producing service would (JSON value, key; null is a tombstone). */
  void publish(Topic topic, String key, String json) {
    try {
      producer.send(new ProducerRecord<>(topic.topicName(), key, json)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the broker refused a record", e);
    }
  }

  private void start(String module, int port, Map<String, String> properties) throws IOException {
    var jar = HOME.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: package " + module + " first (the reactor does, before this module)");
    }
    var command = new ArrayList<String>();
    command.add(JavaRuntime.javaExecutable());
    command.add("-Xmx256m");
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Dquarkus.http.port=" + port);
    properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-jar");
    command.add(jar.toString());
    services.add(
        ManagedProcess.start(
            module, command, HOME.resolve(module), Map.of(), LOGS.resolve(module + ".log")));
  }

  private void awaitReady(String name, int port) {
    var service = services.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!service.isAlive()) {
        throw new IllegalStateException(name + " exited:\n" + service.logTail(40));
      }
      try {
        var response =
            http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready"))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(250);
    }
    throw new IllegalStateException(
        name + " not ready in " + READY_TIMEOUT + ":\n" + service.logTail(40));
  }

  private static String randomKey() {
    var key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    producer.close();
    for (var service : services.reversed()) {
      service.close();
    }
  }
}
