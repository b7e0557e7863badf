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
import java.util.Base64;
import java.util.EnumMap;
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
 * and Keycloak ({@code testing}), and the services a test class chooses, as built (their {@code
 * target/quarkus-app/quarkus-run.jar}), as child processes configured with system properties.
 *
 * <pre>{@code
 * var platform = Platform.with(Service.API, Service.ROUTER)
 *     .configure(Service.API, Map.of("outpost.health.hold", "1s"))
 *     .start();
 * }</pre>
 *
 * <p>Without the api-service, tests write the tunnel and route records it would publish ({@link
 * #publish}). With it, the realm's example tenants (acme, globex) exist in it and it publishes them
 * itself, so a test class starts either the api-service or its own tenant records, not both (each
 * test class runs in a JVM of its own, with its own servers: see the module's pom).
 */
final class Platform implements AutoCloseable {

  /** A service of the platform, by its module. */
  enum Service {
    API("api-service"),
    ACCESS("access-service"),
    ROUTER("router-service"),
    PORTAL("portal");

    final String module;

    Service(String module) {
      this.module = module;
    }
  }

  private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
  private static final Path HOME = Path.of("..").toAbsolutePath().normalize();
  private static final Path LOGS = Path.of("target", "system-tests").toAbsolutePath();

  /** The JVM option that makes Netty track every buffer in a process a system test starts. */
  static final String LEAK_DETECTION = "-Dio.netty.leakDetection.level=paranoid";

  private final Map<Service, Integer> ports = new EnumMap<>(Service.class);
  private final Map<Service, Map<String, String>> properties = new EnumMap<>(Service.class);
  private final Map<Service, ManagedProcess> running = new EnumMap<>(Service.class);
  private final HttpClient http = HttpClient.newHttpClient();
  private final KafkaProducer<String, String> producer;
  final int edgePublicPort = FreePorts.pick();
  final int edgeTunnelPort = FreePorts.pick();
  final EdgeCertificates edgeTls;

  /** Which services to start, and extra settings for them, before {@link #start}. */
  static final class Builder {
    private final List<Service> services;
    private final Map<Service, Map<String, String>> extra = new EnumMap<>(Service.class);

    private Builder(List<Service> services) {
      this.services = services;
    }

    /** Settings (system properties) added to, or overriding, {@code service}'s defaults. */
    Builder configure(Service service, Map<String, String> settings) {
      extra.computeIfAbsent(service, s -> new HashMap<>()).putAll(settings);
      return this;
    }

    /** Starts the services, in the order given, and waits until each is ready. */
    Platform start() throws IOException {
      var platform = new Platform(services, extra);
      try {
        for (var service : services) {
          platform.start(service);
        }
      } catch (RuntimeException | IOException e) {
        platform.close();
        throw e;
      }
      return platform;
    }
  }

  static Builder with(Service... services) {
    return new Builder(List.of(services));
  }

  private Platform(List<Service> services, Map<Service, Map<String, String>> extra)
      throws IOException {
    var common = new HashMap<String, String>();
    common.putAll(new KafkaResource().start());
    common.putAll(new KeycloakResource().start());
    producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafkaBootstrapServers()),
            new StringSerializer(),
            new StringSerializer());
    edgeTls = EdgeCertificates.inFolder(Files.createTempDirectory("outpost-system-edge"));
    services.forEach(service -> ports.put(service, FreePorts.pick()));
    for (var service : services) {
      var settings = new HashMap<>(common);
      settings.putAll(defaults(service));
      settings.putAll(extra.getOrDefault(service, Map.of()));
      properties.put(service, settings);
    }
  }

  /** What {@code service} needs to run here, as the launcher would configure it. */
  private Map<String, String> defaults(Service service) {
    var settings = new HashMap<String, String>();
    switch (service) {
      case API -> {
        settings.putAll(database("outpost_api"));
        settings.put("outpost.api.tunnel-secret-key", randomKey());
        // The realm's example users belong to these tenants.
        settings.put("outpost.api.example-tenants", "acme=acme.example,globex=globex.example");
      }
      case ACCESS -> {
        settings.putAll(database("outpost_access"));
        settings.put("outpost.access.public-url", accessUrl());
        settings.put("outpost.access.client-secret", "outpost-access-local-secret");
        settings.put("outpost.access.key-encryption-key", randomKey());
      }
      case ROUTER -> {
        settings.put("outpost.router.id", "system-test-router");
        settings.put("outpost.router.host", "127.0.0.1");
        settings.put("outpost.router.public-port", Integer.toString(edgePublicPort));
        settings.put("outpost.router.tunnel-port", Integer.toString(edgeTunnelPort));
        settings.put("outpost.router.tls.key-store", edgeTls.keyStore().toString());
        settings.put("outpost.router.tls.key-store-password", edgeTls.password());
        if (ports.containsKey(Service.ACCESS)) {
          settings.put("outpost.router.access.public-url", accessUrl());
        }
      }
      case PORTAL -> settings.putAll(portalDefaults());
    }
    return settings;
  }

  /** The portal in front of this platform's APIs, with badges that refresh every second. */
  private Map<String, String> portalDefaults() {
    return Map.of(
        "quarkus.rest-client.api.url", apiUrl(),
        "quarkus.rest-client.access.url", accessUrl(),
        "outpost.portal.api-public-url", apiUrl(),
        "outpost.portal.edge-address", "127.0.0.1:" + edgeTunnelPort,
        "outpost.portal.edge-ca", edgeTls.caPem().toString(),
        "outpost.portal.status-poll-interval", "1s");
  }

  private static Map<String, String> database(String name) {
    var postgres = new PostgresResource();
    postgres.init(Map.of("database", name));
    return postgres.start();
  }

  /** The api-service's base URL. */
  String apiUrl() {
    return "http://localhost:" + port(Service.API);
  }

  /** The portal as browsers reach it. */
  String portalUrl() {
    return "http://localhost:" + port(Service.PORTAL);
  }

  /** The access-service as browsers and the edge reach it. */
  String accessUrl() {
    return "http://localhost:" + port(Service.ACCESS);
  }

  /** A URL on the edge's public listener for an application host. */
  String edgeUrl(String host, String path) {
    return "http://" + host + ":" + edgePublicPort + path;
  }

  /** The Quarkus HTTP port of {@code service} (health, metrics, its API). */
  int port(Service service) {
    var port = ports.get(service);
    if (port == null) {
      throw new IllegalStateException(service.module + " is not part of this platform");
    }
    return port;
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

  /**
   * Starts {@code service} (again, after {@link #kill}: same port, same settings, same database)
   * and waits until it is ready.
   */
  void start(Service service) throws IOException {
    if (running.containsKey(service)) {
      throw new IllegalStateException(service.module + " runs already");
    }
    var jar = HOME.resolve(service.module).resolve("target/quarkus-app/quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar
              + " is missing: package "
              + service.module
              + " first (the reactor does, before this module)");
    }
    var command = new java.util.ArrayList<String>();
    command.add(JavaRuntime.javaExecutable());
    command.add("-Xmx256m");
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    // Every Netty buffer tracked, as in the tests' own JVMs: a "LEAK:" line in the log fails the
    // build (the parent pom's no-buffer-leaks check).
    command.add(LEAK_DETECTION);
    command.add("-Dquarkus.http.port=" + port(service));
    properties.get(service).forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-jar");
    command.add(jar.toString());
    var process =
        ManagedProcess.start(
            service.module,
            command,
            HOME.resolve(service.module),
            Map.of(),
            LOGS.resolve(service.module + ".log"));
    running.put(service, process);
    awaitReady(service, process);
  }

  /**
   * Ends {@code service} at once, the way a crash or an OOM kill would (SIGKILL: no shutdown hook,
   * nothing finished or flushed).
   */
  void kill(Service service) {
    var process = running.remove(service);
    if (process == null) {
      return;
    }
    ProcessHandle.of(process.pid())
        .ifPresent(
            handle -> {
              handle.descendants().forEach(ProcessHandle::destroyForcibly);
              handle.destroyForcibly();
              handle.onExit().join();
            });
    process.close(); // forgets it; nothing is left to stop
  }

  private void awaitReady(Service service, ManagedProcess process) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    var ready = URI.create("http://localhost:" + port(service) + "/q/health/ready");
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(service.module + " exited:\n" + process.logTail(40));
      }
      try {
        var response =
            http.send(
                HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding());
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
        service.module + " not ready in " + READY_TIMEOUT + ":\n" + process.logTail(40));
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
    var services = new java.util.ArrayList<>(running.keySet());
    for (var service : services.reversed()) {
      running.remove(service).close();
    }
  }
}
