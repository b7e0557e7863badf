package dev.outpost.infra.launcher;

import dev.outpost.infra.kafka.KafkaBroker;
import dev.outpost.infra.kafka.TopicProvisioner;
import dev.outpost.infra.keycloak.KeycloakServer;
import dev.outpost.infra.postgres.PostgresServer;
import dev.outpost.infra.process.FreePorts;
import dev.outpost.infra.process.JavaRuntime;
import dev.outpost.infra.process.ManagedProcess;
import dev.outpost.infra.process.ResidentMemory;
import dev.outpost.protocol.EdgeCertificates;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Starts the whole platform on this machine: PostgreSQL, Kafka and Keycloak from Maven Central
 * artifacts, then every service, with their data under one state folder. Ctrl-C stops everything in
 * reverse order.
 */
public final class Launcher {

  static final String DB_USER = "outpost";
  static final String DB_PASSWORD = "outpost";
  static final Duration INFRA_TIMEOUT = Duration.ofMinutes(3);

  private final LauncherOptions options;
  private final PlatformPorts ports;
  private final PrintStream out;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

  // Read by the shutdown hook while the main thread may still be adding.
  private final List<ManagedProcess> services = new CopyOnWriteArrayList<>();
  private volatile CompletableFuture<PostgresServer> postgresStart;
  private volatile PostgresServer postgres;
  private volatile KafkaBroker kafka;
  private volatile KeycloakServer keycloak;

  /** Set once the shutdown hook runs; from then on exits are expected, not failures. */
  private volatile boolean stopping;

  private final RunRecord runRecord;

  Launcher(LauncherOptions options, PrintStream out) {
    this.options = options;
    this.ports = PlatformPorts.defaults().offsetBy(options.portOffset());
    this.out = out;
    this.runRecord = new RunRecord(options.state().resolve("run.pids"));
  }

  public static void main(String[] args) {
    LauncherOptions options;
    try {
      options = LauncherOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("outpost: " + e.getMessage());
      System.err.print(LauncherOptions.USAGE);
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.print(LauncherOptions.USAGE);
      return;
    }
    if (JavaRuntime.featureVersion() < 21) {
      System.err.println(
          "outpost: Java 21 or newer is needed; this is Java " + JavaRuntime.featureVersion());
      System.exit(2);
    }
    var launcher = new Launcher(options, System.out);
    try {
      launcher.run();
    } catch (StartupException e) {
      if (launcher.stopping) {
        return; // Ctrl-C while starting: the shutdown hook reports
      }
      System.err.println();
      System.err.println("outpost: " + e.getMessage());
      System.exit(1);
    }
  }

  void run() {
    long started = System.nanoTime();
    try {
      Files.createDirectories(options.state().resolve("logs"));
    } catch (IOException e) {
      throw new StartupException(
          "cannot create the state folder " + options.state() + ": " + e.getMessage());
    }
    try (var lock = lockState()) {
      runRecord.stopLeftovers(out);
      requireFreePorts();
      ManagedProcess.onStart(process -> runRecord.add(process.pid()));
      Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "outpost-shutdown"));
      out.println("Starting Outpost; data and logs in " + options.state());
      startInfrastructure();
      startServices();
      watch(started);
    } catch (IOException e) {
      throw new StartupException(e.getMessage());
    }
  }

  private FileLock lockState() throws IOException {
    var channel =
        FileChannel.open(
            options.state().resolve("launcher.lock"),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE);
    var lock = channel.tryLock();
    if (lock == null) {
      channel.close();
      throw new StartupException(
          "another launcher already runs with the state folder "
              + options.state()
              + "; stop it first, or pass --state to use another folder");
    }
    return lock;
  }

  private void requireFreePorts() {
    var taken =
        ports.byPort().entrySet().stream().filter(e -> FreePorts.inUse(e.getKey())).toList();
    if (!taken.isEmpty()) {
      var names = taken.stream().map(e -> e.getKey() + " (" + e.getValue() + ")").toList();
      throw new StartupException(
          "port "
              + String.join(", ", names)
              + " is already in use. Stop what listens there (`ss -ltnp` shows it), or start with"
              + " --port-offset 100 to move every port.");
    }
  }

  private void startInfrastructure() {
    var state = options.state();
    var logs = state.resolve("logs");
    boolean keycloakIsNew = !Files.exists(state.resolve("keycloak").resolve("bin"));
    announce(ReadinessBoard.State.STARTING, "PostgreSQL", "localhost:" + ports.postgres());
    announce(ReadinessBoard.State.STARTING, "Kafka", "localhost:" + ports.kafka());
    announce(
        ReadinessBoard.State.STARTING,
        "Keycloak",
        "http://localhost:"
            + ports.keycloak()
            + (keycloakIsNew
                ? "   (first start: Keycloak builds itself once, about a minute)"
                : ""));
    // Keycloak is the slowest (its first start runs a build step), so all three start together.
    var keycloakStart =
        CompletableFuture.supplyAsync(
            () ->
                unchecked(
                    () ->
                        KeycloakServer.start(
                            state.resolve("keycloak"),
                            KeycloakServer.Store.FILE,
                            ports.keycloak(),
                            ports.keycloakManagement(),
                            logs.resolve("keycloak.log"),
                            INFRA_TIMEOUT)));
    postgresStart =
        CompletableFuture.supplyAsync(
            () ->
                unchecked(
                    () ->
                        PostgresServer.start(
                            ports.postgres(),
                            state.resolve("postgres"),
                            logs.resolve("postgres.log"))));
    var kafkaStart =
        CompletableFuture.supplyAsync(
            () ->
                unchecked(
                    () ->
                        KafkaBroker.start(
                            ports.kafka(),
                            ports.kafkaController(),
                            state.resolve("kafka"),
                            logs.resolve("kafka.log"),
                            "384m",
                            INFRA_TIMEOUT)));
    postgresStart.thenRun(
        () -> announce(ReadinessBoard.State.READY, "PostgreSQL", "localhost:" + ports.postgres()));
    kafkaStart.thenRun(
        () -> announce(ReadinessBoard.State.READY, "Kafka", "localhost:" + ports.kafka()));
    keycloakStart.thenRun(
        () ->
            announce(
                ReadinessBoard.State.READY, "Keycloak", "http://localhost:" + ports.keycloak()));
    // Wait for all three before judging, so a failure leaves nothing running unseen: whatever
    // did start is assigned and stopped by the shutdown hook.
    CompletableFuture.allOf(keycloakStart, postgresStart, kafkaStart)
        .exceptionally(failure -> null)
        .join();
    postgres = postgresStart.exceptionally(failure -> null).join();
    kafka = kafkaStart.exceptionally(failure -> null).join();
    keycloak = keycloakStart.exceptionally(failure -> null).join();
    if (postgres != null) {
      runRecord.add(postgres.pid());
    }
    for (var start : List.of(postgresStart, kafkaStart, keycloakStart)) {
      if (start.isCompletedExceptionally()) {
        try {
          start.join();
        } catch (CompletionException e) {
          throw new StartupException(e.getCause().getMessage());
        }
      }
    }
    addWhatTheShippedRealmAdds();
    postgres.ensureDatabase("outpost_api", DB_USER, DB_PASSWORD);
    postgres.ensureDatabase("outpost_access", DB_USER, DB_PASSWORD);
    TopicProvisioner.ensureTopics(kafka.bootstrapServers(), (short) 1);
  }

  private void startServices() throws IOException {
    var common =
        Map.of(
            "KAFKA_BOOTSTRAP_SERVERS",
            kafka.bootstrapServers(),
            "QUARKUS_OIDC_AUTH_SERVER_URL",
            keycloak.issuer(),
            "QUARKUS_DATASOURCE_USERNAME",
            DB_USER,
            "QUARKUS_DATASOURCE_PASSWORD",
            DB_PASSWORD);
    var api = new java.util.HashMap<>(database("outpost_api"));
    api.put("OUTPOST_API_TUNNEL_SECRET_KEY", LocalSecrets.tunnelSecretKey(options.state()));
    // The realm's example users belong to these tenants; create them so the API serves them.
    api.put("OUTPOST_API_EXAMPLE_TENANTS", "acme=acme.example,globex=globex.example");
    // A local trial's webhook receivers run on this machine: loopback and private addresses are
    // allowed here, never by default (docs/webhooks.md).
    api.put("OUTPOST_WEBHOOKS_ALLOW_PRIVATE_DESTINATIONS", "true");
    startService("api-service", ports.api(), common, api);
    var access = new java.util.HashMap<>(database("outpost_access"));
    access.put(
        "OUTPOST_ACCESS_KEY_ENCRYPTION_KEY", LocalSecrets.accessKeyEncryptionKey(options.state()));
    // The realm's local client secret (infra/keycloak/outpost-realm.json), and where browsers
    // reach the login, which the port offset moves.
    access.put("OUTPOST_ACCESS_CLIENT_SECRET", "outpost-access-local-secret");
    access.put("OUTPOST_ACCESS_PUBLIC_URL", "http://localhost:" + ports.access());
    startService("access-service", ports.access(), common, access);
    EdgeCertificates tls;
    Path publicCertificates = options.state().resolve("tls").resolve("public");
    try {
      tls = EdgeCertificates.inFolder(options.state().resolve("tls"));
      publicCertificates = publicCertificates(tls, publicCertificates);
    } catch (IOException e) {
      throw new StartupException("cannot make the edge's certificates: " + e.getMessage());
    }
    startService(
        "router-service",
        ports.router(),
        common,
        Map.of(
            "OUTPOST_ROUTER_ID",
            "local-router",
            "OUTPOST_ROUTER_HOST",
            "127.0.0.1",
            "OUTPOST_ROUTER_PUBLIC_PORT",
            Integer.toString(ports.edgePublic()),
            "OUTPOST_ROUTER_TUNNEL_PORT",
            Integer.toString(ports.edgeTunnel()),
            "OUTPOST_ROUTER_TLS_KEY_STORE",
            tls.keyStore().toString(),
            "OUTPOST_ROUTER_TLS_KEY_STORE_PASSWORD",
            tls.password(),
            "OUTPOST_ROUTER_PUBLIC_TLS_PORT",
            Integer.toString(ports.edgePublicTls()),
            "OUTPOST_ROUTER_PUBLIC_TLS_CERTIFICATES",
            publicCertificates.toString(),
            "OUTPOST_ROUTER_PUBLIC_TLS_PASSWORD",
            EdgeCertificates.PASSWORD,
            // Where the edge sends browsers to log in, and exchanges service tokens.
            "OUTPOST_ROUTER_ACCESS_PUBLIC_URL",
            "http://localhost:" + ports.access()));
    startService("portal", ports.portal(), common, portal(tls));
  }

  /**
   * The portal: where its APIs are, and what the connector command lines it shows say (this
   * platform's tunnel listener and the local CA). The realm's local client secret.
   */
  private Map<String, String> portal(EdgeCertificates tls) {
    return Map.of(
        "QUARKUS_OIDC_CREDENTIALS_SECRET", "outpost-portal-local-secret",
        "QUARKUS_REST_CLIENT_API_URL", "http://localhost:" + ports.api(),
        "QUARKUS_REST_CLIENT_ACCESS_URL", "http://localhost:" + ports.access(),
        "OUTPOST_PORTAL_API_PUBLIC_URL", "http://localhost:" + ports.api(),
        "OUTPOST_PORTAL_EDGE_ADDRESS", "localhost:" + ports.edgeTunnel(),
        "OUTPOST_PORTAL_EDGE_CA", tls.caPem().toString());
  }

  /**
   * The public HTTPS listener's certificate on a local platform: one for the example tenants' zones
   * and localhost, signed by the same local CA as the tunnel listener's, made once. Elsewhere the
   * operator puts the zones' real certificates in the router's folder.
   */
  static Path publicCertificates(EdgeCertificates tls, Path folder) throws IOException {
    var store = folder.resolve("local-zones.p12");
    if (!Files.isRegularFile(store)) {
      Files.createDirectories(folder);
      tls.issue(store, LOCAL_ZONE_NAMES);
    }
    return folder;
  }

  /** The names the local public certificate covers: the realm's example tenants' zones. */
  static final List<String> LOCAL_ZONE_NAMES =
      List.of(
          "localhost",
          "*.localhost",
          "acme.example",
          "*.acme.example",
          "globex.example",
          "*.globex.example");

  private Map<String, String> database(String name) {
    return Map.of(
        "QUARKUS_DATASOURCE_REACTIVE_URL", postgres.reactiveUrl(name),
        "QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl(name));
  }

  private void startService(
      String module, int port, Map<String, String> common, Map<String, String> specific)
      throws IOException {
    var jar = options.home().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      throw new StartupException(
          module + " is not built (" + jar + " is missing); run ./outpost start, which builds it");
    }
    var environment = new java.util.HashMap<>(common);
    environment.putAll(specific);
    environment.put("QUARKUS_HTTP_PORT", Integer.toString(port));
    var command =
        List.of(
            JavaRuntime.javaExecutable(),
            "-Xms32m",
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-jar",
            jar.toString());
    var process =
        ManagedProcess.start(
            module,
            command,
            options.home().resolve(module),
            environment,
            options.state().resolve("logs").resolve(module + ".log"));
    services.add(process);
  }

  private void watch(long startedNanos) {
    var board = new ReadinessBoard(out);
    board.addReady(
        new Component(
            "PostgreSQL",
            "localhost:" + postgres.port(),
            () -> FreePorts.inUse(postgres.port()),
            () -> ProcessHandle.of(postgres.pid()).map(ProcessHandle::isAlive).orElse(false),
            () -> residentOfTree(postgres.pid())));
    board.addReady(
        new Component(
            "Kafka",
            kafka.bootstrapServers(),
            () -> FreePorts.inUse(kafka.port()),
            kafka.process()::isAlive,
            kafka.process()::residentKib));
    board.addReady(
        new Component(
            "Keycloak",
            keycloak.baseUrl(),
            () -> httpOk(keycloak.issuer() + "/.well-known/openid-configuration"),
            keycloak.process()::isAlive,
            keycloak.process()::residentKib));
    var servicePorts = List.of(ports.api(), ports.access(), ports.router(), ports.portal());
    for (int i = 0; i < services.size(); i++) {
      var service = services.get(i);
      var base = "http://localhost:" + servicePorts.get(i);
      board.add(
          new Component(
              service.name(),
              base,
              () -> httpOk(base + "/q/health/ready"),
              service::isAlive,
              service::residentKib));
    }
    boolean announced = false;
    while (!stopping) {
      board.poll();
      if (!announced && board.allReady()) {
        announced = true;
        Banner.print(
            out,
            ports,
            keycloak,
            options.state(),
            Duration.ofNanos(System.nanoTime() - startedNanos));
        board.printMemory();
      }
      for (var gone : board.exited()) {
        if (stopping) {
          return;
        }
        if (gone.name().endsWith("-service")) {
          var process = services.stream().filter(s -> s.name().equals(gone.name())).findFirst();
          process.ifPresent(
              p ->
                  out.println(
                      "  " + p.name() + " stopped; last lines of its log:\n" + p.logTail(15)));
        }
        throw new StartupException(
            gone.name() + " exited; logs are in " + options.state().resolve("logs"));
      }
      sleep(1000);
    }
  }

  /**
   * A kept Keycloak home holds the realm as it was first imported; a newer checkout may ship a
   * client or an example user more (the portal's client, say), which would otherwise be missing.
   * Nothing the operator changed is touched, and what they deleted does not come back. A failure is
   * reported and the start goes on: the realm as it is still works for everything it already had.
   */
  private void addWhatTheShippedRealmAdds() {
    try {
      var added =
          keycloak.addWhatTheShippedRealmAdds(
              options
                  .state()
                  .resolve("keycloak")
                  .resolve("data")
                  .resolve("outpost-realm-names.json"));
      if (!added.isEmpty()) {
        synchronized (out) {
          out.println(
              "  Keycloak: realm '"
                  + KeycloakServer.REALM
                  + "' got what this version ships and it lacked: "
                  + String.join(", ", added));
        }
      }
    } catch (IOException e) {
      synchronized (out) {
        out.println(
            "  Keycloak: could not add what this version's realm ships to the kept one ("
                + e.getMessage()
                + "); delete "
                + options.state().resolve("keycloak")
                + " to import it afresh (users made since are lost)");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartupException("interrupted while updating Keycloak's realm");
    }
  }

  private void announce(ReadinessBoard.State state, String name, String address) {
    synchronized (out) {
      ReadinessBoard.announce(out, state, name, address);
    }
  }

  private static long residentOfTree(long pid) {
    return ProcessHandle.of(pid)
        .map(
            p ->
                ResidentMemory.ofPid(pid)
                    + p.descendants().mapToLong(d -> ResidentMemory.ofPid(d.pid())).sum())
        .orElse(0L);
  }

  private boolean httpOk(String url) {
    try {
      var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build();
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Stops everything in reverse order of dependence; safe to call more than once. */
  synchronized void stopAll() {
    stopping = true;
    if (postgres == null && postgresStart != null) {
      // Ctrl-C while PostgreSQL starts: it is up within seconds, then stopped below.
      postgres = postgresStart.exceptionally(failure -> null).join();
    }
    if (ManagedProcess.running().isEmpty() && postgres == null) {
      return;
    }
    out.println();
    out.println("Stopping Outpost...");
    var stops =
        services.stream()
            .map(s -> CompletableFuture.runAsync(() -> s.stop(Duration.ofSeconds(20))))
            .toList();
    stops.forEach(CompletableFuture::join);
    services.forEach(s -> out.printf("  %-10s %s%n", "stopped", s.name()));
    services.clear();
    if (keycloak != null) {
      keycloak.close();
      keycloak = null;
      out.printf("  %-10s %s%n", "stopped", "Keycloak");
    }
    if (kafka != null) {
      kafka.close();
      kafka = null;
      out.printf("  %-10s %s%n", "stopped", "Kafka");
    }
    // Whatever was still starting when the user pressed Ctrl-C.
    for (var process : ManagedProcess.running()) {
      process.stop(Duration.ofSeconds(20));
      out.printf("  %-10s %s%n", "stopped", process.name());
    }
    if (postgres != null) {
      try {
        postgres.close();
        out.printf("  %-10s %s%n", "stopped", "PostgreSQL");
      } catch (IOException e) {
        out.println("  PostgreSQL did not stop cleanly: " + e.getMessage());
      }
      postgres = null;
    }
    runRecord.clear();
    out.println("Stopped.");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartupException("interrupted");
    }
  }

  private interface IoSupplier<T> {
    T get() throws IOException;
  }

  private static <T> T unchecked(IoSupplier<T> supplier) {
    try {
      return supplier.get();
    } catch (IOException e) {
      throw new StartupException(e.getMessage());
    }
  }

  /** A failure the user can act on; its message is all they see. */
  static final class StartupException extends RuntimeException {
    StartupException(String message) {
      super(message);
    }
  }
}
