import dev.outpost.ingress.IngressTable;
import dev.outpost.protocol.Backpressure;
import dev.outpost.protocol.Control;
import dev.outpost.protocol.LeakDetection;
import dev.outpost.protocol.TunnelToken;
import dev.outpost.protocol.agent.ConnectorClient;
import dev.outpost.protocol.agent.OriginProxy;
import dev.outpost.protocol.edge.ConnectionRegistry;
import dev.outpost.protocol.edge.EdgeServer;
import dev.outpost.protocol.edge.PublicServer;
import dev.outpost.protocol.edge.Registrar;
import dev.outpost.protocol.edge.TunnelConnection;
import dev.outpost.protocol.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;

/**
 * Data-plane benchmark: the same nginx origin reached three ways, (a) directly, (b) through a
 * one-hop nginx reverse proxy, (c) through the Outpost tunnel (public HTTP listener -> edge -> TLS +
 * HTTP/2 tunnel connection -> connector -> origin). For each path: requests/s and p50/p99 latency
 * of a 100-byte response at 64 and at 1 connection(s), and MiB/s of a 16 MiB download on one
 * connection. Prints the table and the tunnel/nginx ratios (the product aims at >= 0.8x), and
 * writes them as Markdown to bench/results/.
 *
 * <p>The edge and the connector run as two separate JVMs (this same file with the role {@code
 * edge} or {@code connector}), as in production. The load generator is wrk, or with {@code
 * --java-load} a simple blocking Java client (which competes harder for the CPU). Run it through
 * the front door, which builds the tunnel-protocol module and passes its class path:
 *
 * <pre>./outpost bench-tunnel [--seconds 15] [--warmup 10] [--profile]</pre>
 *
 * <p>Options: see {@link #USAGE} ({@code ./outpost bench-tunnel --help}).
 *
 * Not a test: the figures depend on the machine, and everything (load generator, origin, proxy,
 * edge, connector) shares its cores.
 */
public class TunnelBench {

  static final String HOST = "bench.example";
  static final int SMALL_SIZE = 100;
  static final int LARGE_SIZE = 16 * 1024 * 1024;
  static final String SMALL = "/100b";
  static final String LARGE = "/16m";
  static final String READY = "TUNNELBENCH-READY";

  static final String USAGE =
      """
      Usage: ./outpost bench-tunnel [OPTIONS]
        --seconds N         measured seconds per point (default 15)
        --warmup N          warm-up seconds per path before measuring (default 10; JIT!)
        --rounds N          measure every path N times, the paths taking turns; the report gives
                            each point's median round and lists all rounds (default 1). On a
                            shared machine one run's figures can be 10-20% off the next one's.
        --paths LIST        any of direct,nginx,nginx2,tcp2,jtcp2,tunnel (default all but
                            jtcp2; tcp2 only when nginx has its stream module, e.g. Debian's
                            libnginx-mod-stream). nginx2 is two nginx HTTP proxies in a row;
                            tcp2 two nginx TCP proxies in a row that only copy bytes: the
                            fastest any path through two processes can be on this machine;
                            jtcp2 the same two byte copiers in Java (Netty on epoll): the
                            fastest two hops on the tunnel's own stack can be
        --profile           after measuring, extra tunnel runs with JFR in the edge and the
                            connector; prints where their CPU goes
        --wake-ups          after measuring, extra one-connection runs of nginx and the tunnel
                            under `perf sched record` (needs perf and root): how long each process
                            runs before it wakes the next one on the path, and how long the next
                            one then takes to start, on the same or the other core
        --syscalls          after measuring, extra runs of every path under `perf stat` (needs
                            perf and root): each proxy process's system calls per request, by
                            kind (counting them slows the calls, so not while measuring)
        --ha N              tunnel connections the connector holds (default 4, as the connector)
        --edge-threads N    edge event-loop threads (default max(2, cores), as router-service)
        --connector-threads N  connector event-loop threads (default 2, as the connector's
                            --threads)
        --edge-jvm "OPTS"   edge JVM options (default "-Xms32m -Xmx256m -XX:+UseSerialGC", as the
                            launcher starts router-service)
        --connector-jvm "OPTS"  connector JVM options (default "-XX:+UseSerialGC", as ./outpost
                            connector)
        --wrk-threads N     wrk threads at 64 connections (default 2)
        --java-load         a Java load generator instead of wrk (costs more CPU)
        --try LIST          what-if experiments on the tunnel: conn-window, flush-consolidation
                            (see Experiments in bench/TunnelBench.java)
        --results DIR       where the Markdown report goes (default bench/results)
        --keep              keep the temporary directory (configs, logs, JFR files)
        --nginx PATH        the nginx binary (default: found on PATH or in /usr/sbin)
      """;

  public static void main(String[] args) throws Exception {
    var role = args.length > 0 ? args[0] : "";
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.print(USAGE);
      return;
    }
    switch (role) {
      case "edge" -> Edge.run(args);
      case "connector" -> Connector.run(args);
      case "copier" -> Copier.run(args);
      default -> {
        Orchestrator orchestrator;
        try {
          orchestrator = new Orchestrator(args);
        } catch (IllegalArgumentException e) {
          System.err.println("bench-tunnel: " + e.getMessage() + " (--help lists the options)");
          System.exit(2);
          return;
        }
        System.exit(orchestrator.run());
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The edge JVM: tunnel listener (TLS + HTTP/2) and public HTTP listener, one tunnel registered.

  static final class Edge {
    static void run(String[] args) throws Exception {
      var keystore = Path.of(required(args, "--keystore"));
      var tunnelId = UUID.fromString(required(args, "--tunnel-id"));
      var secretHash =
          MessageDigest.getInstance("SHA-256")
              .digest(HexFormat.of().parseHex(required(args, "--secret")));
      int threads =
          Integer.parseInt(
              option(
                  args,
                  "--threads",
                  // As router-service's Edge sizes its event loop group.
                  Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors()))));

      var password = "changeit".toCharArray();
      var store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keystore)) {
        store.load(in, password);
      }
      var keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password);
      var ssl = SslContextBuilder.forServer(keys).build();

      var tries = Experiments.parse(option(args, "--try", ""));
      var connected = new AtomicInteger();
      var registrar =
          new Registrar() {
            @Override
            public Control.Verdict verify(
                Control.Credentials credentials, InetSocketAddress address) {
              if (!tunnelId.equals(credentials.tunnelId())) {
                return Control.Verdict.refused("unknown tunnel", false);
              }
              try {
                var presented = java.util.Base64.getDecoder().decode(credentials.secret());
                var hash = MessageDigest.getInstance("SHA-256").digest(presented);
                return MessageDigest.isEqual(hash, secretHash)
                    ? Control.Verdict.accepted(EdgeServer.newConnectionId(), "bench-edge")
                    : Control.Verdict.refused("wrong secret", false);
              } catch (Exception e) {
                return Control.Verdict.refused("bad credentials", false);
              }
            }

            @Override
            public void connected(TunnelConnection connection) {
              Experiments.apply(tries, connection.channel());
              System.out.println("CONNECTED " + connected.incrementAndGet());
            }

            @Override
            public void disconnected(TunnelConnection connection, String reason) {
              System.out.println("DISCONNECTED " + connected.decrementAndGet() + " " + reason);
            }
          };

      LeakDetection.offUnlessAsked(); // as router-service and the connector do
      var group = Transport.group(threads);
      var registry = new ConnectionRegistry();
      var loopback = InetAddress.getLoopbackAddress();
      var edge = new EdgeServer(group, ssl, registrar, registry, "bench-edge");
      var tunnelAddress = edge.bind(new InetSocketAddress(loopback, 0));
      var publicServer =
          new PublicServer(
              group,
              registry,
              host -> HOST.equals(host) ? Optional.of(tunnelId) : Optional.empty());
      var publicAddress = publicServer.bind(new InetSocketAddress(loopback, 0));
      System.out.printf(
          "%s tunnel=%d public=%d pid=%d threads=%d%n",
          READY,
          tunnelAddress.getPort(),
          publicAddress.getPort(),
          ProcessHandle.current().pid(),
          threads);
      awaitStdinEof();
      publicServer.close();
      edge.close();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      System.exit(0);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The connector JVM: dials the edge (HA connections), proxies bench.example to the origin.

  static final class Connector {
    static void run(String[] args) throws Exception {
      var keystore = Path.of(required(args, "--keystore"));
      int edgePort = Integer.parseInt(required(args, "--edge-port"));
      int originPort = Integer.parseInt(required(args, "--origin-port"));
      int ha = Integer.parseInt(option(args, "--ha", "4"));
      int threads = Integer.parseInt(option(args, "--threads", "2")); // as RunCommand
      var token =
          new TunnelToken(
              UUID.fromString(required(args, "--tenant-id")),
              UUID.fromString(required(args, "--tunnel-id")),
              HexFormat.of().parseHex(required(args, "--secret")));

      var store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keystore)) {
        store.load(in, "changeit".toCharArray());
      }
      var certificate = (X509Certificate) store.getCertificate("edge");
      var ssl = SslContextBuilder.forClient().trustManager(certificate).build();

      var rules =
          IngressTable.parse(
              Map.of(
                  "ingress",
                  List.of(
                      Map.of("hostname", HOST, "service", "http://127.0.0.1:" + originPort),
                      Map.of("service", "http_status:404"))));
      LeakDetection.offUnlessAsked(); // as router-service and the connector do
      var group = Transport.group(threads);
      var client =
          new ConnectorClient(
              group, ssl, token, UUID.randomUUID(), "bench", new OriginProxy(rules));
      var edge = new InetSocketAddress(InetAddress.getLoopbackAddress(), edgePort);
      var tries = Experiments.parse(option(args, "--try", ""));
      for (int i = 0; i < ha; i++) {
        var registered = client.connect(edge, "localhost", i).get(30, TimeUnit.SECONDS);
        if (!registered.verdict().registered()) {
          System.out.println("REFUSED " + registered.verdict().reason());
          System.exit(3);
        }
        var channel = registered.channel();
        channel.eventLoop().submit(() -> Experiments.apply(tries, channel)).get();
        System.out.println("connection " + i + " on " + channel.eventLoop());
      }
      System.out.printf(
          "%s connections=%d pid=%d threads=%d%n",
          READY, ha, ProcessHandle.current().pid(), threads);
      awaitStdinEof();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      System.exit(0);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // A Java TCP proxy (the jtcp2 path): Netty on epoll, one event loop, bytes copied and nothing
  // else. Two in a row are the floor of any two-hop path built on the tunnel's own stack.

  static final class Copier {
    static void run(String[] args) throws Exception {
      int port = Integer.parseInt(required(args, "--port"));
      int upstream = Integer.parseInt(required(args, "--upstream"));
      LeakDetection.offUnlessAsked(); // as router-service and the connector do
      var group = Transport.group(1);
      var target = new InetSocketAddress(InetAddress.getLoopbackAddress(), upstream);
      new ServerBootstrap()
          .group(group)
          .channel(Transport.serverChannel(group))
          .childOption(ChannelOption.AUTO_READ, false)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childHandler(
              new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel client) {
                  new Bootstrap()
                      .group(client.eventLoop())
                      .channel(Transport.socketChannel(group))
                      .option(ChannelOption.TCP_NODELAY, true)
                      .handler(new Relay(client))
                      .connect(target)
                      .addListener(
                          (ChannelFutureListener)
                              connected -> {
                                if (!connected.isSuccess()) {
                                  client.close();
                                  return;
                                }
                                client.pipeline().addLast(new Relay(connected.channel()));
                                client.config().setAutoRead(true);
                              });
                }
              })
          .bind(InetAddress.getLoopbackAddress(), port)
          .sync();
      System.out.printf("%s copier=%d pid=%d%n", READY, port, ProcessHandle.current().pid());
      awaitStdinEof();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      System.exit(0);
    }

    /**
     * Writes what one side reads to the other, one flush per batch of reads; pauses reading while
     * the other side is full, as the data plane does ({@link Backpressure}).
     */
    static final class Relay extends ChannelInboundHandlerAdapter {
      final Channel other;

      Relay(Channel other) {
        this.other = other;
      }

      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        other.write(msg, other.voidPromise());
      }

      @Override
      public void channelReadComplete(ChannelHandlerContext ctx) {
        other.flush();
        Backpressure.pauseIfFull(other, ctx.channel());
      }

      @Override
      public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Backpressure.follow(ctx.channel().isWritable(), other);
      }

      @Override
      public void channelInactive(ChannelHandlerContext ctx) {
        other.close();
      }

      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
      }
    }
  }

  /**
   * What-if experiments ({@code --try a,b}), applied from outside to a registered tunnel connection
   * of this benchmark only, to size a suggested change before anyone makes it in the protocol code:
   *
   * <ul>
   *   <li>{@code conn-window}: grow the connection-level HTTP/2 flow-control window to 16 MiB (the
   *       SETTINGS only raise the per-stream windows; the connection window stays 64 KiB)
   *   <li>{@code flush-consolidation}: Netty's FlushConsolidationHandler between TLS and HTTP/2, so
   *       several flushes in one event-loop turn become one TLS record and one write
   * </ul>
   */
  static final class Experiments {
    static final List<String> KNOWN = List.of("conn-window", "flush-consolidation");

    static List<String> parse(String list) {
      var tries = split(list.replace(',', ' '));
      for (var t : tries) {
        if (!KNOWN.contains(t)) {
          throw new IllegalArgumentException("--try takes " + KNOWN + "; not " + t);
        }
      }
      return tries;
    }

    static void apply(List<String> tries, io.netty.channel.Channel connection) {
      if (tries.contains("flush-consolidation")) {
        connection.pipeline().addBefore("h2", "flush-consolidation",
            new io.netty.handler.flush.FlushConsolidationHandler(256, true));
      }
      if (tries.contains("conn-window")) {
        // A WINDOW_UPDATE frame without a stream is for the connection (Http2FrameCodec).
        connection.writeAndFlush(
            new io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame(16 * 1024 * 1024 - 65535));
      }
    }
  }

  /** The orchestrator holds our stdin open; when it goes (even killed), we go too. */
  static void awaitStdinEof() {
    try {
      while (System.in.read() >= 0) {
        // nothing to read; just waiting for EOF
      }
    } catch (IOException ignored) {
      // the orchestrator is gone
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The orchestrator: origin, proxy, edge and connector; load on each path; the report.

  static final class Orchestrator {
    final int seconds;
    final int rounds;
    final int warmup;
    final int ha;
    final int wrkThreads;
    final boolean javaLoad;
    final boolean profile;
    final boolean wakeUps;
    final boolean countSyscalls;
    final boolean keep;
    final List<String> paths;
    final List<String> edgeJvm;
    final List<String> connectorJvm;
    final String edgeThreads;
    final String connectorThreads;
    final List<String> tries;
    final Path resultsDir;
    final String nginxBinary;
    /** How this nginx gets its stream module: "" when built in, a load_module line, or null. */
    final String streamModule;
    final long clockTicks;

    Path dir;
    final List<Process> children = new ArrayList<>();
    Process originNginx;
    Process proxyNginx;
    /** With the nginx2 path: a second proxy in front of the first (two hops, like edge + connector). */
    Process frontNginx;
    int frontPort;
    /**
     * With the tcp2 path: two nginx TCP proxies in a row in front of the origin, copying bytes and
     * nothing else. No two-process path can beat it here: it is the tunnel's ceiling.
     */
    Process tcpBackNginx;
    Process tcpFrontNginx;
    int tcpPort;
    /**
     * With the jtcp2 path: the same two byte copiers, written in Java on the tunnel's own stack
     * (Netty, epoll, one event loop each): what two hops cost on the JVM before any HTTP, TLS or
     * HTTP/2.
     */
    Process copierBack;
    Process copierFront;
    int javaTcpPort;
    Process edgeJvmProcess;
    Process connectorJvmProcess;
    volatile Process wrkProcess;
    int originPort;
    int proxyPort;
    int publicPort;
    final Map<String, Map<String, Point>> results = new LinkedHashMap<>();
    /** Every round's point, by path and point key, in the order measured. */
    final Map<String, Map<String, List<Point>>> allRounds = new LinkedHashMap<>();
    final List<String> notes = new ArrayList<>();
    final List<String> profileReport = new ArrayList<>();
    final List<String> wakeUpReport = new ArrayList<>();
    /** CPU by thread of the tunnel's JVMs, by point (first round). */
    final Map<String, List<String>> threadReport = new LinkedHashMap<>();
    final List<String> proxyReport = new ArrayList<>();
    final List<String> syscallReport = new ArrayList<>();

    Orchestrator(String[] args) {
      seconds = Integer.parseInt(option(args, "--seconds", "15"));
      warmup = Integer.parseInt(option(args, "--warmup", "10"));
      rounds = Integer.parseInt(option(args, "--rounds", "1"));
      ha = Integer.parseInt(option(args, "--ha", "4"));
      wrkThreads = Integer.parseInt(option(args, "--wrk-threads", "2"));
      javaLoad = List.of(args).contains("--java-load");
      profile = List.of(args).contains("--profile");
      wakeUps = List.of(args).contains("--wake-ups");
      countSyscalls = List.of(args).contains("--syscalls");
      keep = List.of(args).contains("--keep");
      nginxBinary = option(args, "--nginx", findExecutable("nginx"));
      streamModule = nginxBinary == null ? null : streamModule(nginxBinary);
      var askedPaths = option(args, "--paths", null);
      var chosen = new ArrayList<>(
          List.of((askedPaths == null ? "direct,nginx,nginx2,tcp2,tunnel" : askedPaths).split(",")));
      if (askedPaths == null && streamModule == null) {
        chosen.remove("tcp2");
        notes.add("no tcp2 path: this nginx has no stream module (Debian: apt-get install "
            + "libnginx-mod-stream)");
      }
      paths = List.copyOf(chosen);
      edgeJvm = split(option(args, "--edge-jvm", "-Xms32m -Xmx256m -XX:+UseSerialGC"));
      connectorJvm = split(option(args, "--connector-jvm", "-XX:+UseSerialGC"));
      edgeThreads = option(args, "--edge-threads", null);
      connectorThreads = option(args, "--connector-threads", null);
      tries = Experiments.parse(option(args, "--try", ""));
      resultsDir = Path.of(option(args, "--results", "bench/results"));
      clockTicks = clockTicks();
      if (seconds < 1 || warmup < 0 || ha < 1 || wrkThreads < 1 || rounds < 1) {
        throw new IllegalArgumentException(
            "--seconds >= 1, --warmup >= 0, --ha >= 1, --wrk-threads >= 1, --rounds >= 1");
      }
      for (var p : paths) {
        if (!List.of("direct", "nginx", "nginx2", "tcp2", "jtcp2", "tunnel").contains(p)) {
          throw new IllegalArgumentException(
              "--paths takes direct,nginx,nginx2,tcp2,jtcp2,tunnel; not " + p);
        }
      }
      if (paths.contains("tcp2") && nginxBinary != null && streamModule == null
          && Files.isExecutable(Path.of(nginxBinary))) {
        throw new IllegalArgumentException(
            "the tcp2 path needs nginx's stream module (Debian: apt-get install "
                + "libnginx-mod-stream), which " + nginxBinary + " does not have");
      }
    }

    int run() throws Exception {
      var missing = new ArrayList<String>();
      if (nginxBinary == null) {
        missing.add("nginx");
      }
      if (!javaLoad && findExecutable("wrk") == null) {
        missing.add("wrk");
      }
      if (!missing.isEmpty()) {
        System.err.println(
            "bench-tunnel needs "
                + String.join(" and ", missing)
                + ". Install them, e.g.: apt-get install -y nginx wrk"
                + " (or brew install nginx wrk). Without wrk, --java-load uses a Java client.");
        return 2;
      }
      Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "tunnelbench-stop"));
      try {
        setUp();
        for (int round = 1; round <= rounds; round++) {
          if (rounds > 1) {
            System.out.printf("%n#### round %d of %d%n", round, rounds);
          }
          for (var path : paths) {
            measurePath(path, round);
          }
        }
        takeMedians();
        if (profile && paths.contains("tunnel")) {
          profileTunnel();
        }
        if (wakeUps) {
          traceWakeUps();
        }
        if (countSyscalls) {
          countSyscalls();
        }
        report();
        return 0;
      } finally {
        stopAll();
      }
    }

    // ---- setting up -----------------------------------------------------------------------------

    void setUp() throws Exception {
      dir = Files.createTempDirectory("outpost-tunnelbench-");
      var open = PosixFilePermissions.fromString("rwxr-xr-x");
      Files.setPosixFilePermissions(dir, open); // nginx's worker may run as nobody
      var www = Files.createDirectories(dir.resolve("www"));
      Files.setPosixFilePermissions(www, open);
      var small = new byte[SMALL_SIZE];
      Arrays.fill(small, (byte) 'x');
      small[SMALL_SIZE - 1] = '\n';
      Files.write(www.resolve(SMALL.substring(1)), small);
      var large = new byte[LARGE_SIZE];
      new SecureRandom().nextBytes(large);
      Files.write(www.resolve(LARGE.substring(1)), large);
      Files.createDirectories(dir.resolve("tmp"));
      Files.writeString(dir.resolve("report.lua"), WRK_REPORT);
      System.out.println("work directory: " + dir);

      originPort = freePort();
      proxyPort = freePort();
      originNginx = startNginx("origin", originConfig(originPort, www), originPort);
      System.out.println("origin nginx on 127.0.0.1:" + originPort);
      if (paths.contains("nginx") || paths.contains("nginx2")) {
        proxyNginx = startNginx("proxy", proxyConfig(proxyPort, originPort), proxyPort);
        System.out.println("nginx reverse proxy on 127.0.0.1:" + proxyPort);
      }
      if (paths.contains("nginx2")) {
        frontPort = freePort();
        frontNginx = startNginx("front", proxyConfig(frontPort, proxyPort), frontPort);
        System.out.println("second nginx hop (front -> proxy -> origin) on 127.0.0.1:" + frontPort);
      }
      if (paths.contains("tcp2")) {
        int backPort = freePort();
        tcpPort = freePort();
        tcpBackNginx = startNginx("tcp-back", streamConfig("tcp-back", backPort, originPort), backPort);
        tcpFrontNginx = startNginx("tcp-front", streamConfig("tcp-front", tcpPort, backPort), tcpPort);
        System.out.println("two TCP hops (byte copies: tcp-front -> tcp-back -> origin) on 127.0.0.1:"
            + tcpPort);
      }
      if (paths.contains("jtcp2")) {
        int backPort = freePort();
        javaTcpPort = freePort();
        copierBack = startCopier("copier-back", backPort, originPort);
        copierFront = startCopier("copier-front", javaTcpPort, backPort);
        System.out.println("two Java TCP hops (Netty byte copies: front -> back -> origin) on"
            + " 127.0.0.1:" + javaTcpPort);
      }
      if (paths.contains("tunnel")) {
        startTunnel();
      }
      for (var path : paths) {
        check(path);
      }
    }

    void startTunnel() throws Exception {
      var keystore = dir.resolve("edge.p12");
      var keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
      var keygen =
          new ProcessBuilder(
                  keytool, "-genkeypair", "-alias", "edge", "-keyalg", "EC", "-groupname",
                  "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                  "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                  "-storepass", "changeit")
              .redirectErrorStream(true)
              .start();
      var keytoolOutput = new String(keygen.getInputStream().readAllBytes());
      if (!keygen.waitFor(60, TimeUnit.SECONDS) || keygen.exitValue() != 0) {
        throw new IllegalStateException("keytool failed: " + keytoolOutput);
      }
      var tunnelId = UUID.randomUUID().toString();
      var tenantId = UUID.randomUUID().toString();
      var secret = new byte[TunnelToken.SECRET_LENGTH];
      new SecureRandom().nextBytes(secret);
      var secretHex = HexFormat.of().formatHex(secret);

      var edgeArgs =
          new ArrayList<>(
              List.of("edge", "--keystore", keystore.toString(), "--tunnel-id", tunnelId,
                  "--secret", secretHex));
      if (edgeThreads != null) {
        edgeArgs.addAll(List.of("--threads", edgeThreads));
      }
      if (!tries.isEmpty()) {
        edgeArgs.addAll(List.of("--try", String.join(",", tries)));
      }
      edgeJvmProcess = startJvm("edge", edgeJvm, edgeArgs);
      var edgeReady = awaitLine(edgeJvmProcess, dir.resolve("edge.log"), READY, 90);
      int tunnelPort = Integer.parseInt(field(edgeReady, "tunnel"));
      publicPort = Integer.parseInt(field(edgeReady, "public"));
      System.out.printf(
          "edge JVM pid %d: tunnel listener 127.0.0.1:%d, public listener 127.0.0.1:%d (%s event"
              + " loop threads)%n",
          edgeJvmProcess.pid(), tunnelPort, publicPort, field(edgeReady, "threads"));

      var connectorArgs =
          new ArrayList<>(
              List.of(
                  "connector", "--keystore", keystore.toString(), "--edge-port",
                  Integer.toString(tunnelPort), "--origin-port", Integer.toString(originPort),
                  "--ha", Integer.toString(ha), "--tunnel-id", tunnelId, "--tenant-id", tenantId,
                  "--secret", secretHex));
      if (!tries.isEmpty()) {
        connectorArgs.addAll(List.of("--try", String.join(",", tries)));
      }
      if (connectorThreads != null) {
        connectorArgs.addAll(List.of("--threads", connectorThreads));
      }
      connectorJvmProcess = startJvm("connector", connectorJvm, connectorArgs);
      var connectorReady =
          awaitLine(connectorJvmProcess, dir.resolve("connector.log"), READY, 90);
      System.out.printf(
          "connector JVM pid %d: %s registered tunnel connection(s)%n",
          connectorJvmProcess.pid(), field(connectorReady, "connections"));
      // The edge adds a connection to its registry once the connector acknowledged the verdict.
      awaitLine(edgeJvmProcess, dir.resolve("edge.log"), "CONNECTED " + ha, 30);
    }

    /** A Java byte copier with the connector's JVM options, listening on {@code port}. */
    Process startCopier(String name, int port, int upstream) throws Exception {
      var process = startJvm(name, connectorJvm, List.of("copier", "--port", Integer.toString(port),
          "--upstream", Integer.toString(upstream)));
      awaitLine(process, dir.resolve(name + ".log"), READY, 90);
      return process;
    }

    Process startJvm(String name, List<String> jvmOptions, List<String> args) throws IOException {
      var command = new ArrayList<String>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(jvmOptions);
      if (profile) {
        command.addAll(List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints"));
      }
      command.addAll(List.of("-cp", System.getProperty("java.class.path")));
      command.add(System.getProperty("jdk.launcher.sourcefile"));
      command.addAll(args);
      var log = dir.resolve(name + ".log").toFile();
      var process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log)
              .redirectInput(ProcessBuilder.Redirect.PIPE)
              .start();
      children.add(process);
      notes.add(name + " JVM options: "
          + (jvmOptions.isEmpty() ? "none (the JVM's defaults)" : String.join(" ", jvmOptions)));
      return process;
    }

    Process startNginx(String name, String config, int port) throws Exception {
      var file = dir.resolve(name + ".conf");
      Files.writeString(file, config);
      var process =
          new ProcessBuilder(
                  nginxBinary, "-p", dir.toString(), "-c", file.toString(), "-e",
                  dir.resolve(name + "-error.log").toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve(name + "-nginx.out").toFile())
              .start();
      children.add(process);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              name + " nginx exited: " + tail(dir.resolve(name + "-nginx.out"))
                  + tail(dir.resolve(name + "-error.log")));
        }
        try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
          return process;
        } catch (IOException notYet) {
          Thread.sleep(50);
        }
      }
      throw new IllegalStateException(name + " nginx did not listen on " + port);
    }

    String originConfig(int port, Path www) {
      return common("origin")
          + """
            sendfile on;
            tcp_nopush on;
            default_type application/octet-stream;
            server {
              listen 127.0.0.1:%d;
              root %s;
              location / { }
            }
          }
          """
              .formatted(port, www);
    }

    String proxyConfig(int port, int origin) {
      // The same forwarding headers the edge adds (x-forwarded-*, x-request-id): equal work.
      return common("proxy")
          + """
            upstream origin {
              server 127.0.0.1:%d;
              keepalive 128;
              keepalive_requests 1000000;
            }
            server {
              listen 127.0.0.1:%d;
              location / {
                proxy_pass http://origin;
                proxy_http_version 1.1;
                proxy_set_header Connection "";
                proxy_set_header Host $host;
                proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                proxy_set_header X-Forwarded-Proto $scheme;
                proxy_set_header X-Forwarded-Host $host;
                proxy_set_header X-Request-Id $request_id;
                proxy_max_temp_file_size 0;
              }
            }
          }
          """
              .formatted(origin, port);
    }

    /** A TCP proxy: no HTTP, no TLS; each byte that comes in one side goes out the other. */
    String streamConfig(String name, int port, int upstream) {
      return streamModule
          + process(name)
          + """
          stream {
            server {
              listen 127.0.0.1:%d;
              proxy_pass 127.0.0.1:%d;
            }
          }
          """
              .formatted(port, upstream);
    }

    /** From {@code nginx -V}: "" if the stream module is built in, its load_module line, or null. */
    static String streamModule(String nginx) {
      String configure;
      try {
        var process = new ProcessBuilder(nginx, "-V").redirectErrorStream(true).start();
        configure = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
      } catch (IOException | InterruptedException e) {
        return null;
      }
      if (Pattern.compile("--with-stream(\\s|$)", Pattern.MULTILINE).matcher(configure).find()) {
        return "";
      }
      var modules = Pattern.compile("--modules-path=(\\S+)").matcher(configure);
      var prefix = Pattern.compile("--prefix=(\\S+)").matcher(configure);
      var candidates = new ArrayList<Path>();
      if (modules.find()) {
        candidates.add(Path.of(modules.group(1)));
      }
      if (prefix.find()) {
        candidates.add(Path.of(prefix.group(1), "modules"));
      }
      candidates.add(Path.of("/usr/lib/nginx/modules"));
      candidates.add(Path.of("/usr/lib64/nginx/modules"));
      for (var directory : candidates) {
        var module = directory.resolve("ngx_stream_module.so");
        if (Files.isRegularFile(module)) {
          return "load_module " + module + ";\n";
        }
      }
      return null;
    }

    /** What every nginx here shares: one worker, in the foreground, its files in the work dir. */
    String process(String name) {
      return """
          worker_processes 1;
          daemon off;
          pid %1$s/%2$s.pid;
          error_log %1$s/%2$s-error.log warn;
          events { worker_connections 4096; }
          """
          .formatted(dir, name);
    }

    String common(String name) {
      var tmp = dir.resolve("tmp");
      return process(name)
          + """
          http {
            access_log off;
            tcp_nodelay on;
            keepalive_timeout 75s;
            keepalive_requests 1000000;
            client_body_temp_path %3$s/%2$s-client;
            proxy_temp_path %3$s/%2$s-proxy;
            fastcgi_temp_path %3$s/%2$s-fastcgi;
            uwsgi_temp_path %3$s/%2$s-uwsgi;
            scgi_temp_path %3$s/%2$s-scgi;
          """
          .formatted(dir, name, tmp);
    }

    /** One request of each kind on each path, to be sure we measure what we think we measure. */
    void check(String path) throws Exception {
      int port = port(path);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (true) {
        try (var client = new RawClient("127.0.0.1", port, SMALL)) {
          var small = client.exchange();
          client.request = RawClient.request(LARGE);
          var large = client.exchange();
          if (small.status() == 200 && small.length() == SMALL_SIZE
              && large.status() == 200 && large.length() == LARGE_SIZE) {
            System.out.printf("%-6s path checked: %s and %s answer 200 with the right sizes%n",
                path, SMALL, LARGE);
            return;
          }
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                path + " path answers " + small + " and " + large + ", not 200 with the sizes");
          }
        } catch (IOException e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(path + " path does not answer: " + e, e);
          }
        }
        Thread.sleep(200);
      }
    }

    int port(String path) {
      return switch (path) {
        case "direct" -> originPort;
        case "nginx" -> proxyPort;
        case "nginx2" -> frontPort;
        case "tcp2" -> tcpPort;
        case "jtcp2" -> javaTcpPort;
        default -> publicPort;
      };
    }

    // ---- measuring ------------------------------------------------------------------------------

    void measurePath(String path, int round) throws Exception {
      int port = port(path);
      System.out.printf("%n== %s (127.0.0.1:%d) ==%n", path, port);
      if (warmup > 0 && round == 1) {
        int small = Math.max(1, (int) Math.round(warmup * 0.7));
        int large = Math.max(1, warmup - small);
        System.out.printf("warming up %d s (64 connections on %s, then %s)...%n", warmup, SMALL,
            LARGE);
        load(port, SMALL, 64, small);
        load(port, LARGE, 1, large);
      }
      var points = results.computeIfAbsent(path, p -> new LinkedHashMap<>());
      var pathRounds = allRounds.computeIfAbsent(path, p -> new LinkedHashMap<>());
      for (var spec : List.of(
          new Spec("c64", SMALL, 64), new Spec("c1", SMALL, 1), new Spec("bulk", LARGE, 1))) {
        var cpu = new CpuMeter(components());
        var threads =
            "tunnel".equals(path) && !"bulk".equals(spec.key()) && round == 1
                ? ThreadMeter.of(Map.of("edge", edgeJvmProcess.pid(), "connector",
                    connectorJvmProcess.pid()))
                : null;
        var proxies = round == 1 && !"direct".equals(path)
            ? ProxyMeter.start(dir, path + "-" + spec.key(), proxyProcesses(path), false)
            : null;
        var raw = load(port, spec.path(), spec.connections(), seconds);
        var usage = cpu.stop(raw.generatorCpu());
        if (proxies != null) {
          proxies.stop(raw.requests()).forEach(line -> proxyReport.add(
              String.format(Locale.ROOT, "%-24s %s", path + ", " + describe(spec.key()) + ":",
                  line)));
        }
        if (threads != null) {
          threadReport.put(spec.key(), threads.stop(raw.requests()));
        }
        var point = new Point(raw, usage);
        points.put(spec.key(), point);
        pathRounds.computeIfAbsent(spec.key(), k -> new ArrayList<>()).add(point);
        System.out.printf(
            "%-28s %s%n", spec.connections() + " conn " + spec.path() + ":", point.summary());
        System.out.printf("%-28s %s%n", "", usage.summary());
        if (raw.errors() > 0) {
          notes.add(path + " " + spec.key() + ": " + raw.errorDetail());
        }
        if (usage.other() > 25) {
          notes.add(String.format(Locale.ROOT,
              "%s, %s: work outside the benchmark used %.0f%% of a core while it was measured"
                  + " (busiest: %s); its figures may be understated",
              path, Orchestrator.describe(spec.key()), usage.other(),
              usage.busiestOthers().isEmpty() ? "no single process" : usage.busiestOthers()));
        }
        Thread.sleep(500);
      }
    }

    record Spec(String key, String path, int connections) {}

    /**
     * Each point becomes its median round (by requests/s, or MiB/s for the download), CPU figures
     * and all, so one disturbed round neither sinks nor lifts a ratio.
     */
    void takeMedians() {
      allRounds.forEach((path, points) -> points.forEach((key, measured) -> {
        var sorted = new ArrayList<>(measured);
        sorted.sort(Comparator.comparingDouble(p -> p.headline(key)));
        results.get(path).put(key, sorted.get((sorted.size() - 1) / 2));
      }));
    }

    /** Every round's figure of every point, and the tunnel/nginx ratio of each round. */
    String roundsMarkdown() {
      var md = new StringBuilder("## Every round\n\n");
      md.append("The results above are each point's median round; here are all of them, in the ")
          .append("order they ran (the paths took turns within a round).\n\n");
      var table = new ArrayList<String[]>();
      var header = new ArrayList<String>(List.of("point", "path"));
      for (int r = 1; r <= rounds; r++) {
        header.add("round " + r);
      }
      table.add(header.toArray(String[]::new));
      for (var spec : List.of("c64", "c1", "bulk")) {
        for (var path : paths) {
          var row = new ArrayList<String>(List.of(describe(spec), path));
          for (var point : allRounds.get(path).get(spec)) {
            row.add(String.format(Locale.ROOT, "bulk".equals(spec) ? "%.0f MiB/s" : "%.0f req/s",
                "bulk".equals(spec) ? point.mibps() : point.rps()));
          }
          table.add(row.toArray(String[]::new));
        }
        if (paths.contains("tunnel") && paths.contains("nginx")) {
          var row = new ArrayList<String>(List.of(describe(spec), "tunnel / nginx"));
          var tunnel = allRounds.get("tunnel").get(spec);
          var nginx = allRounds.get("nginx").get(spec);
          for (int r = 0; r < rounds; r++) {
            double ratio = tunnel.get(r).headline(spec) / nginx.get(r).headline(spec);
            row.add(String.format(Locale.ROOT, "%.2fx", ratio));
          }
          table.add(row.toArray(String[]::new));
        }
      }
      return md.append(formatMarkdown(table)).append("\n").toString();
    }

    Raw load(int port, String path, int connections, int secs) throws Exception {
      return javaLoad
          ? JavaLoad.run("127.0.0.1", port, path, connections, secs)
          : wrk(port, path, connections, secs);
    }

    Raw wrk(int port, String path, int connections, int secs) throws Exception {
      int threads = Math.min(connections, wrkThreads);
      var before = selfChildrenCpuTicks();
      var process =
          new ProcessBuilder(
                  findExecutable("wrk"), "-t" + threads, "-c" + connections, "-d" + secs + "s",
                  "--timeout", "10s", "--latency", "-H", "Host: " + HOST, "-s",
                  dir.resolve("report.lua").toString(), "http://127.0.0.1:" + port + path)
              .redirectErrorStream(true)
              .start();
      wrkProcess = process;
      var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor();
      double cpuSeconds = (selfChildrenCpuTicks() - before) / (double) clockTicks;
      Files.writeString(
          dir.resolve("wrk.log"),
          "$ wrk -c" + connections + " :" + port + path + "\n" + output + "\n",
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      var m = Pattern.compile("^RESULT (.*)$", Pattern.MULTILINE).matcher(output);
      if (process.exitValue() != 0 || !m.find()) {
        throw new IllegalStateException("wrk failed:\n" + output);
      }
      var values = new HashMap<String, Double>();
      for (var pair : m.group(1).trim().split(" ")) {
        var kv = pair.split("=");
        values.put(kv[0], Double.parseDouble(kv[1]));
      }
      double duration = values.get("duration_us") / 1e6;
      long errors =
          (long) (values.get("connect") + values.get("read") + values.get("write")
              + values.get("status") + values.get("timeout"));
      var detail =
          String.format(
              Locale.ROOT,
              "wrk errors: connect %.0f, read %.0f, write %.0f, timeout %.0f, non-2xx/3xx %.0f",
              values.get("connect"), values.get("read"), values.get("write"),
              values.get("timeout"), values.get("status"));
      return new Raw(
          connections,
          values.get("requests").longValue(),
          values.get("bytes").longValue(),
          duration,
          values.get("p50_us") / 1000,
          values.get("p99_us") / 1000,
          errors,
          detail,
          cpuSeconds);
    }

    /** What uses the CPU while a point is measured. */
    Map<String, List<Long>> components() {
      var map = new LinkedHashMap<String, List<Long>>();
      map.put("origin nginx", processTree(originNginx));
      if (proxyNginx != null) {
        map.put("proxy nginx", processTree(proxyNginx));
      }
      if (frontNginx != null) {
        map.put("front nginx", processTree(frontNginx));
      }
      if (tcpBackNginx != null) {
        var both = new ArrayList<>(processTree(tcpBackNginx));
        both.addAll(processTree(tcpFrontNginx));
        map.put("tcp nginx", both);
      }
      if (copierBack != null) {
        map.put("java copiers", List.of(copierBack.pid(), copierFront.pid()));
      }
      if (edgeJvmProcess != null) {
        map.put("edge", List.of(edgeJvmProcess.pid()));
        map.put("connector", List.of(connectorJvmProcess.pid()));
      }
      return map;
    }

    /**
     * A report section of {@code lines}, if there are any: under {@code heading} in the console,
     * and in the Markdown as a {@code mdHeading} with {@code intro} and the lines as a block.
     */
    static void section(StringBuilder text, StringBuilder md, List<String> lines, String heading,
        String mdHeading, String intro) {
      if (lines.isEmpty()) {
        return;
      }
      text.append(heading).append("\n");
      md.append("## ").append(mdHeading).append("\n\n").append(intro).append("\n\n```\n");
      for (var line : lines) {
        text.append("  ").append(line).append("\n");
        md.append(line).append("\n");
      }
      text.append("\n");
      md.append("```\n\n");
    }

    /** The proxy processes of {@code path} (their process trees are counted), by name. */
    Map<String, Long> proxyProcesses(String path) {
      var map = new LinkedHashMap<String, Long>();
      switch (path) {
        case "nginx" -> map.put("proxy nginx", proxyNginx.pid());
        case "nginx2" -> {
          map.put("front nginx", frontNginx.pid());
          map.put("proxy nginx", proxyNginx.pid());
        }
        case "tcp2" -> {
          map.put("front tcp", tcpFrontNginx.pid());
          map.put("back tcp", tcpBackNginx.pid());
        }
        case "jtcp2" -> {
          map.put("front java", copierFront.pid());
          map.put("back java", copierBack.pid());
        }
        case "tunnel" -> {
          map.put("edge", edgeJvmProcess.pid());
          map.put("connector", connectorJvmProcess.pid());
        }
        default -> {}
      }
      return map;
    }

    // ---- profiling ------------------------------------------------------------------------------

    /** Extra (unreported) tunnel runs with JFR on in the edge and the connector. */
    void profileTunnel() throws Exception {
      int secs = Math.max(5, Math.min(seconds, 10));
      for (var spec : List.of(
          new Spec("c64", SMALL, 64), new Spec("c1", SMALL, 1), new Spec("bulk", LARGE, 1))) {
        System.out.printf("%nprofiling the tunnel (%s, %d s, JFR in edge and connector)...%n",
            spec.key(), secs);
        var files = new LinkedHashMap<String, Path>();
        for (var p : List.of(edgeJvmProcess, connectorJvmProcess)) {
          var name = p == edgeJvmProcess ? "edge" : "connector";
          files.put(name, dir.resolve(name + "-" + spec.key() + ".jfr"));
          // JDK 25's CPU-time sampler sees time in native code (socket writes) too.
          jcmd(p.pid(), "JFR.start", "name=tunnelbench", "settings=profile",
              "jdk.CPUTimeSample#enabled=true", "jdk.CPUTimeSample#throttle=2ms");
        }
        load(publicPort, spec.path(), spec.connections(), secs);
        for (var p : List.of(edgeJvmProcess, connectorJvmProcess)) {
          var name = p == edgeJvmProcess ? "edge" : "connector";
          jcmd(p.pid(), "JFR.stop", "name=tunnelbench", "filename=" + files.get(name));
        }
        for (var e : files.entrySet()) {
          profileReport.addAll(
              Profile.summarize(e.getKey() + ", " + spec.connections() + " conn " + spec.path(),
                  e.getValue()));
        }
      }
    }

    // ---- wake-ups -------------------------------------------------------------------------------

    /** Extra (unreported) runs of every path's three points with their system calls counted. */
    void countSyscalls() throws Exception {
      if (findExecutable("perf") == null) {
        notes.add("--syscalls needs perf (Debian: apt-get install linux-perf)");
        return;
      }
      int secs = Math.max(5, Math.min(seconds, 10));
      for (var path : paths) {
        if ("direct".equals(path)) {
          continue;
        }
        System.out.printf("%ncounting system calls (%s, %d s per point, perf stat)...%n", path,
            secs);
        for (var spec : List.of(
            new Spec("c64", SMALL, 64), new Spec("c1", SMALL, 1), new Spec("bulk", LARGE, 1))) {
          var meter = ProxyMeter.start(dir, path + "-" + spec.key(), proxyProcesses(path), true);
          var raw = load(port(path), spec.path(), spec.connections(), secs);
          meter.stop(raw.requests()).forEach(line -> syscallReport.add(
              String.format(Locale.ROOT, "%-24s %s", path + ", " + describe(spec.key()) + ":",
                  line)));
        }
      }
    }

    /**
     * Extra (unreported) one-connection runs of the nginx proxy and the tunnel under {@code perf
     * sched record}. At one connection a request is a relay: each process runs, writes, and so
     * wakes the next one, which starts only once its core is free or awake. The trace gives both
     * parts of every hand-off, so the one-connection gap can be split into work per pass and the
     * cost of the wake-ups.
     */
    void traceWakeUps() throws Exception {
      var perf = findExecutable("perf");
      if (perf == null) {
        notes.add("--wake-ups needs perf (Debian: apt-get install linux-perf)");
        return;
      }
      int traced = 3;
      for (var path : List.of("nginx", "tunnel")) {
        if (!paths.contains(path)) {
          continue;
        }
        System.out.printf("%ntracing wake-ups (%s, 1 connection, %d s, perf sched)...%n", path,
            traced);
        var labels = new HashMap<Long, String>();
        processTree(originNginx).forEach(pid -> labels.put(pid, "origin"));
        if (path.equals("nginx")) {
          processTree(proxyNginx).forEach(pid -> labels.put(pid, "nginx proxy"));
        } else {
          labels.put(edgeJvmProcess.pid(), "edge");
          labels.put(connectorJvmProcess.pid(), "connector");
        }
        var data = dir.resolve("sched-" + path + ".data");
        int port = path.equals("nginx") ? proxyPort : publicPort;
        boolean recorded;
        var loader = Executors.newSingleThreadExecutor();
        try {
          var loaded = loader.submit(() -> load(port, SMALL, 1, traced + 2));
          Thread.sleep(1000); // the trace starts with the load running
          var record = new ProcessBuilder(perf, "sched", "record", "-a", "-o", data.toString(),
                  "--", "sleep", Integer.toString(traced))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("perf-record.log").toFile())
              .start();
          recorded = record.waitFor(60, TimeUnit.SECONDS) && record.exitValue() == 0;
          loaded.get();
        } finally {
          loader.shutdownNow();
        }
        if (!recorded) {
          notes.add("--wake-ups: perf sched record failed (root or perf_event_paranoid <= 0 "
              + "needed): " + tail(dir.resolve("perf-record.log")));
          return;
        }
        var timeline = new ProcessBuilder(perf, "sched", "timehist", "-w", "-i", data.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
        var lines = new String(timeline.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
            .lines().toList();
        timeline.waitFor();
        wakeUpReport.add(path + ", 1 connection (" + traced + " s traced):");
        wakeUpReport.addAll(WakeUps.summarize(lines, labels));
      }
    }

    void jcmd(long pid, String... args) throws Exception {
      var command = new ArrayList<String>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
      command.add(Long.toString(pid));
      command.addAll(List.of(args));
      var process = new ProcessBuilder(command).redirectErrorStream(true).start();
      var output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("jcmd " + String.join(" ", args) + ": " + output);
      }
    }

    // ---- reporting ------------------------------------------------------------------------------

    void report() throws Exception {
      var md = new StringBuilder();
      var when = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
      md.append("# Tunnel data-plane benchmark, ").append(when).append("\n\n");
      md.append("Command: `./outpost bench-tunnel --seconds ").append(seconds)
          .append(" --warmup ").append(warmup).append(" --ha ").append(ha)
          .append(rounds > 1 ? " --rounds " + rounds : "")
          .append(" --paths ").append(String.join(",", paths))
          .append(javaLoad ? " --java-load" : "")
          .append(edgeThreads == null ? "" : " --edge-threads " + edgeThreads)
          .append(connectorThreads == null ? "" : " --connector-threads " + connectorThreads)
          .append(tries.isEmpty() ? "" : " --try " + String.join(",", tries))
          .append(profile ? " --profile" : "")
          .append(wakeUps ? " --wake-ups" : "").append(countSyscalls ? " --syscalls" : "")
          .append("`\n\n");
      if (!tries.isEmpty()) {
        md.append("**What-if experiment**: the tunnel ran with ").append(String.join(", ", tries))
            .append(" applied by the benchmark from outside (see `Experiments` in ")
            .append("bench/TunnelBench.java); these are not the protocol code's own figures.\n\n");
      }
      md.append("Code: ").append(revision()).append("\n\n");
      md.append("Machine: ").append(machine()).append(". **Everything shares these cores**: ")
          .append("the load generator, the origin nginx, the proxy nginx, the edge JVM and the ")
          .append("connector JVM (and whatever else runs on the machine). Compare the paths with ")
          .append("each other, not with other machines.\n\n");
      md.append("Load: ").append(javaLoad ? "Java blocking client (--java-load)" : wrkVersion())
          .append(", `Host: ").append(HOST).append("` on every path; ")
          .append(warmup).append(" s warm-up per path, ").append(seconds)
          .append(" s per point")
          .append(rounds > 1
              ? ", " + rounds + " rounds (paths taking turns; each point's median round is "
                  + "reported, all rounds are listed below)"
              : "")
          .append(". 100-byte body: requests/s and latency (p50/p99, ms) at 64 and ")
          .append("at 1 keep-alive connection(s); 16 MiB body: MiB/s on one connection.\n\n");
      md.append("Paths: **direct** = the origin nginx (1 worker, sendfile, keep-alive); **nginx** ")
          .append("= a second nginx (1 worker) as a one-hop reverse proxy (`proxy_http_version ")
          .append("1.1`, upstream keepalive, x-forwarded-* and x-request-id headers set); ")
          .append(paths.contains("nginx2")
              ? "**nginx2** = a third nginx (1 worker) in front of that proxy, configured the same: "
                  + "two proxy processes in a row, as the tunnel has (edge, connector), without TLS; "
              : "")
          .append(paths.contains("tcp2")
              ? "**tcp2** = two nginx TCP proxies (stream module, 1 worker each) in a row that "
                  + "copy bytes and nothing else: no HTTP, no TLS, no headers added, so no path "
                  + "through two processes can be faster here; "
              : "")
          .append(paths.contains("jtcp2")
              ? "**jtcp2** = the same two byte copiers written in Java on the tunnel's stack (Netty "
                  + "on epoll, one event loop each, the connector's JVM options); "
              : "")
          .append("**tunnel** = edge public listener -> TLS 1.3 + HTTP/2 tunnel (")
          .append(ha).append(" connection(s)) -> connector -> origin. ")
          .append(nginxVersion()).append(", ").append(javaVersion()).append(".\n\n");

      var table = new ArrayList<String[]>();
      var header = new ArrayList<String>(List.of("metric"));
      header.addAll(paths);
      boolean ratios = paths.contains("nginx") && paths.contains("tunnel");
      if (ratios) {
        header.add("tunnel / nginx");
      }
      if (paths.contains("nginx2") && paths.contains("tunnel")) {
        header.add("tunnel / nginx2");
      }
      if (paths.contains("direct") && paths.contains("tunnel")) {
        header.add("tunnel / direct");
      }
      table.add(header.toArray(String[]::new));
      addRow(table, "req/s, 64 conns", "c64", Point::rps, "%.0f", true);
      addRow(table, "p50 ms, 64 conns", "c64", Point::p50, "%.2f", false);
      addRow(table, "p99 ms, 64 conns", "c64", Point::p99, "%.2f", false);
      addRow(table, "req/s, 1 conn", "c1", Point::rps, "%.0f", true);
      addRow(table, "p50 ms, 1 conn", "c1", Point::p50, "%.3f", false);
      addRow(table, "p99 ms, 1 conn", "c1", Point::p99, "%.3f", false);
      addRow(table, "MiB/s, 16 MiB download", "bulk", Point::mibps, "%.0f", true);
      addRow(table, "errors (all points)", null, null, null, false);

      var text = new StringBuilder();
      text.append("\n").append(formatText(table)).append("\n");
      md.append("## Results\n\n").append(formatMarkdown(table)).append("\n");

      if (ratios) {
        var verdicts = new StringBuilder();
        for (var m : List.of(
            new String[] {"c64", "requests/s at 64 connections"},
            new String[] {"c1", "requests/s at 1 connection"},
            new String[] {"bulk", "16 MiB download MiB/s"})) {
          var tunnel = results.get("tunnel").get(m[0]);
          var nginx = results.get("nginx").get(m[0]);
          double ratio = tunnel.headline(m[0]) / nginx.headline(m[0]);
          verdicts.append(String.format(Locale.ROOT, "- tunnel/nginx %s: **%.2fx** %s%n", m[1],
              ratio, ratio >= 0.8 ? "(meets the 0.8x target)" : "(below the 0.8x target)"));
          if (paths.contains("nginx2")) {
            double floor = results.get("nginx2").get(m[0]).headline(m[0]) / nginx.headline(m[0]);
            verdicts.append(String.format(Locale.ROOT,
                "  (two nginx hops reach %.2fx of one: the tunnel is at %.2fx of nginx2)%n", floor,
                ratio / floor));
          }
          if (paths.contains("tcp2")) {
            double ceiling = results.get("tcp2").get(m[0]).headline(m[0]) / nginx.headline(m[0]);
            verdicts.append(String.format(Locale.ROOT,
                "  (two hops that only copy bytes reach %.2fx of nginx: the ceiling for any"
                    + " two-process path)%n", ceiling));
          }
          if (paths.contains("jtcp2")) {
            double java = results.get("jtcp2").get(m[0]).headline(m[0]) / nginx.headline(m[0]);
            verdicts.append(String.format(Locale.ROOT,
                "  (two Java hops that only copy bytes, Netty on epoll, reach %.2fx of nginx: the"
                    + " ceiling for two hops on the tunnel's stack)%n", java));
          }
        }
        var budget = hopBudget();
        if (!budget.isEmpty()) {
          verdicts.append("\n").append(budget);
        }
        var apart = separateMachines();
        if (!apart.isEmpty()) {
          verdicts.append("\n").append(apart);
        }
        text.append("Target: tunnel >= 0.8x nginx\n")
            .append(verdicts.toString().replace("**", "")).append("\n");
        md.append("Target: the tunnel at >= 0.8x nginx's requests/s and bulk throughput.\n\n")
            .append(verdicts).append("\n");
      }

      if (rounds > 1) {
        var roundsMd = roundsMarkdown();
        md.append(roundsMd);
        text.append(roundsMd.replace("## ", "").replace("**", "")).append("\n");
      }

      var cpuTable = cpuTable();
      text.append("CPU used while measuring (% of one core; 200% = both cores of a 2-core box)\n")
          .append(formatText(cpuTable)).append("\n");
      md.append("## CPU while measuring\n\n% of one core, from /proc (utime+stime) over each ")
          .append("point; \"irq\" is (soft) interrupt time not charged to any process (loopback networking ")
          .append("is largely done there), \"other\" the rest of the machine's busy time: ")
          .append("processes outside the benchmark. A C2 compiler thread busy in the thread table ")
          .append("below means the JVMs were still warming up.\n\n")
          .append(formatMarkdown(cpuTable)).append("\n");

      if (edgeJvmProcess != null) {
        var memory = new StringBuilder();
        for (var p : List.of(edgeJvmProcess, connectorJvmProcess)) {
          var name = p == edgeJvmProcess ? "edge" : "connector";
          memory.append(String.format(Locale.ROOT, "- %s JVM (pid %d): VmRSS %s, peak (VmHWM) %s%n",
              name, p.pid(), procStatus(p.pid(), "VmRSS"), procStatus(p.pid(), "VmHWM")));
        }
        if (proxyNginx != null) {
          long rss = 0;
          for (long pid : processTree(proxyNginx)) {
            rss += kib(procStatus(pid, "VmRSS"));
          }
          memory.append(String.format(Locale.ROOT,
              "- for comparison, the proxy nginx (master + worker): VmRSS %d kB%n", rss));
        }
        text.append("Memory after the run\n").append(memory).append("\n");
        md.append("## Memory after the run\n\n").append(memory).append("\n");
      }
      if (!threadReport.isEmpty()) {
        text.append("Tunnel: CPU by thread (% of one core, user+system; wake-ups = voluntary "
            + "context switches)\n");
        md.append("## Tunnel threads\n\n% of one core over the measured ")
            .append("point").append(rounds > 1 ? " of the first round" : "")
            .append(" (user + system), from /proc/PID/task; a wake-up is a voluntary context ")
            .append("switch (the thread slept, e.g. in epoll_wait, and was woken).\n\n```\n");
        threadReport.forEach((key, lines) -> {
          text.append("  ").append(describe(key)).append("\n");
          md.append(describe(key)).append("\n");
          for (var line : lines) {
            text.append("  ").append(line).append("\n");
            md.append(line).append("\n");
          }
        });
        text.append("\n");
        md.append("```\n\n");
      }
      section(text, md, proxyReport,
          "Each proxy process per request: user and system CPU (/proc)",
          "Each proxy process per request",
          "User and system CPU (utime and stime of /proc) while the point was measured. A 16 MiB "
              + "request is one download." + (rounds > 1 ? " From the first round." : ""));
      section(text, md, syscallReport,
          "System calls per request (perf stat, extra runs)",
          "System calls (perf stat, extra unreported runs)",
          "Each proxy process's system calls per request, counted on the kernel's syscall "
              + "tracepoints: reads are recvfrom, read and readv; writes sendto, write and writev. "
              + "Its CPU in these runs includes what the counting costs.");
      if (!wakeUpReport.isEmpty()) {
        md.append("## Wake-ups at one connection (perf sched, extra unreported runs)\n\n```\n");
        wakeUpReport.forEach(line -> md.append(line).append("\n"));
        md.append("```\n\n");
        text.append("Wake-ups at one connection (perf sched; also in the Markdown report)\n");
        wakeUpReport.forEach(line -> text.append("  ").append(line).append("\n"));
        text.append("\n");
      }
      if (!profileReport.isEmpty()) {
        md.append("## Profile (JFR, extra unreported runs)\n\n```\n");
        for (var line : profileReport) {
          md.append(line).append("\n");
        }
        md.append("```\n\n");
        text.append("Profiles (JFR CPU samples; also in the Markdown report)\n");
        profileReport.forEach(line -> text.append("  ").append(line).append("\n"));
        text.append("\n");
      }
      if (!notes.isEmpty()) {
        md.append("## Notes\n\n");
        text.append("Notes\n");
        for (var note : notes) {
          md.append("- ").append(note).append("\n");
          text.append("- ").append(note).append("\n");
        }
        md.append("\n");
      }

      System.out.print(text);
      Files.createDirectories(resultsDir);
      var base = "tunnel-" + LocalDate.now() + (tries.isEmpty() ? "" : "-try-" + String.join("-", tries));
      var file = resultsDir.resolve(base + ".md");
      if (Files.exists(file)) {
        file = resultsDir.resolve(base + "-"
            + LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss")) + ".md");
      }
      Files.writeString(file, md);
      System.out.println("Written to " + file);
    }

    /**
     * What 0.8x of nginx leaves each of two hops for its HTTP, TLS and multiplexing work, beside
     * what nginx's own HTTP hops and the tunnel's hops spend on it: the time per request above
     * tcp2's (two hops that only copy bytes), halved. At 64 connections the machine is the limit,
     * so a request's time is its share of both cores (cores / req/s); at one connection it is the
     * request's round trip (1 / req/s).
     */
    String hopBudget() {
      if (!paths.containsAll(List.of("nginx", "nginx2", "tcp2", "tunnel"))) {
        return "";
      }
      int cores = Runtime.getRuntime().availableProcessors();
      var table = new ArrayList<String[]>();
      table.add(new String[] {"point", "0.8x of nginx allows", "an nginx HTTP hop spends",
          "a tunnel hop spends"});
      for (var key : List.of("c64", "c1")) {
        double scale = 1e6 * ("c64".equals(key) ? cores : 1);
        double nginx = scale / results.get("nginx").get(key).rps();
        double copies = scale / results.get("tcp2").get(key).rps();
        double nginx2 = scale / results.get("nginx2").get(key).rps();
        double tunnel = scale / results.get("tunnel").get(key).rps();
        table.add(new String[] {describe(key),
            String.format(Locale.ROOT, "%.1f µs", (nginx / 0.8 - copies) / 2),
            String.format(Locale.ROOT, "%.1f µs", (nginx2 - copies) / 2),
            String.format(Locale.ROOT, "%.1f µs", (tunnel - copies) / 2)});
      }
      return "Per hop, per request, above what copying the bytes costs (half the time a request "
          + "takes beyond tcp2's; at 64 connections a request's time is its share of the "
          + cores + " cores, cores / req/s; at 1 connection its round trip, 1 / req/s):\n\n"
          + formatMarkdown(table);
    }

    /**
     * What the CPU figures say about machines of their own: when each proxy process has its cores
     * to itself, a path carries at most what its busiest process can, one core's worth per CPU time
     * a request (or MiB) costs that process. This compares the busier of the edge and the connector
     * with the one nginx proxy, from the same points' CPU meters; it is an estimate, not a
     * measurement on such machines.
     */
    String separateMachines() {
      if (!paths.containsAll(List.of("nginx", "tunnel"))) {
        return "";
      }
      var table = new ArrayList<String[]>();
      table.add(new String[] {"point", "nginx proxy", "edge", "connector",
          "tunnel / nginx, each on its own cores"});
      for (var key : List.of("c64", "bulk")) {
        var nginx = results.get("nginx").get(key);
        var tunnel = results.get("tunnel").get(key);
        double proxy = cpuPerUnit(nginx, "proxy nginx", key);
        double edge = cpuPerUnit(tunnel, "edge", key);
        double connector = cpuPerUnit(tunnel, "connector", key);
        var unit = "bulk".equals(key) ? " µs/MiB" : " µs/req";
        table.add(new String[] {describe(key),
            String.format(Locale.ROOT, "%.1f%s", proxy, unit),
            String.format(Locale.ROOT, "%.1f%s", edge, unit),
            String.format(Locale.ROOT, "%.1f%s", connector, unit),
            String.format(Locale.ROOT, "%.2fx", proxy / Math.max(edge, connector))});
      }
      return "CPU per request (per MiB for the download) of each proxy process, and what it means "
          + "where each process has cores of its own (the busier of edge and connector sets the "
          + "tunnel's pace; an estimate from this run's CPU meters):\n\n"
          + formatMarkdown(table);
    }

    /** CPU time of one component per request (per MiB for the download), in µs. */
    static double cpuPerUnit(Point point, String component, String key) {
      double share = point.cpu().byComponent().getOrDefault(component, 0.0) / 100;
      double units = "bulk".equals(key)
          ? point.raw().bytes() / (1024.0 * 1024.0)
          : point.raw().requests();
      return share * point.raw().seconds() * 1e6 / Math.max(1e-9, units);
    }

    void addRow(List<String[]> table, String label, String key,
        java.util.function.ToDoubleFunction<Point> metric, String format, boolean ratio) {
      var row = new ArrayList<String>();
      row.add(label);
      for (var path : paths) {
        if (key == null) {
          row.add(Long.toString(results.get(path).values().stream().mapToLong(p -> p.raw().errors())
              .sum()));
        } else {
          row.add(String.format(Locale.ROOT, format, metric.applyAsDouble(results.get(path).get(key))));
        }
      }
      var extra = new ArrayList<String>();
      if (paths.contains("nginx") && paths.contains("tunnel")) {
        extra.add(ratio
            ? String.format(Locale.ROOT, "%.2fx", metric.applyAsDouble(results.get("tunnel").get(key))
                / metric.applyAsDouble(results.get("nginx").get(key)))
            : "");
      }
      if (paths.contains("nginx2") && paths.contains("tunnel")) {
        extra.add(ratio
            ? String.format(Locale.ROOT, "%.2fx", metric.applyAsDouble(results.get("tunnel").get(key))
                / metric.applyAsDouble(results.get("nginx2").get(key)))
            : "");
      }
      if (paths.contains("direct") && paths.contains("tunnel")) {
        extra.add(ratio
            ? String.format(Locale.ROOT, "%.2fx", metric.applyAsDouble(results.get("tunnel").get(key))
                / metric.applyAsDouble(results.get("direct").get(key)))
            : "");
      }
      row.addAll(extra);
      table.add(row.toArray(String[]::new));
    }

    List<String[]> cpuTable() {
      var names = new ArrayList<String>();
      names.add(javaLoad ? "load (java)" : "wrk");
      names.add("origin nginx");
      if (proxyNginx != null) {
        names.add("proxy nginx");
      }
      if (frontNginx != null) {
        names.add("front nginx");
      }
      if (tcpBackNginx != null) {
        names.add("tcp nginx");
      }
      if (copierBack != null) {
        names.add("java copiers");
      }
      if (edgeJvmProcess != null) {
        names.add("edge");
        names.add("connector");
      }
      names.add("irq");
      names.add("other");
      names.add("machine busy");
      var table = new ArrayList<String[]>();
      var header = new ArrayList<String>(List.of("path, point"));
      header.addAll(names);
      header.add("CPU-ms per request (path only)");
      table.add(header.toArray(String[]::new));
      for (var path : paths) {
        for (var e : results.get(path).entrySet()) {
          var usage = e.getValue().cpu();
          var row = new ArrayList<String>();
          row.add(path + ", " + describe(e.getKey()));
          for (var name : names) {
            Double value = switch (name) {
              case "wrk", "load (java)" -> usage.generator();
              case "irq" -> usage.irq();
              case "other" -> usage.other();
              case "machine busy" -> usage.machine();
              default -> usage.byComponent().get(name);
            };
            boolean relevant = switch (name) {
              case "proxy nginx" -> path.equals("nginx") || path.equals("nginx2");
              case "front nginx" -> path.equals("nginx2");
              case "tcp nginx" -> path.equals("tcp2");
              case "java copiers" -> path.equals("jtcp2");
              case "edge", "connector" -> path.equals("tunnel");
              default -> true;
            };
            row.add(value == null ? "" : String.format(Locale.ROOT, relevant ? "%.0f%%" : "(%.0f%%)",
                value));
          }
          // CPU of the path itself (origin + proxy or edge + connector), per request.
          double pathCpu = usage.byComponent().getOrDefault("origin nginx", 0.0)
              + (path.startsWith("nginx") ? usage.byComponent().getOrDefault("proxy nginx", 0.0) : 0)
              + (path.equals("nginx2") ? usage.byComponent().getOrDefault("front nginx", 0.0) : 0)
              + (path.equals("tcp2") ? usage.byComponent().getOrDefault("tcp nginx", 0.0) : 0)
              + (path.equals("jtcp2") ? usage.byComponent().getOrDefault("java copiers", 0.0) : 0)
              + (path.equals("tunnel")
                  ? usage.byComponent().getOrDefault("edge", 0.0)
                      + usage.byComponent().getOrDefault("connector", 0.0)
                  : 0);
          var raw = e.getValue().raw();
          double perRequest = pathCpu / 100 * raw.seconds() * 1000 / Math.max(1, raw.requests());
          row.add(String.format(Locale.ROOT, perRequest < 1 ? "%.4f" : "%.1f", perRequest));
          table.add(row.toArray(String[]::new));
        }
      }
      return table;
    }

    static String describe(String key) {
      return switch (key) {
        case "c64" -> "100 B, 64 conns";
        case "c1" -> "100 B, 1 conn";
        default -> "16 MiB, 1 conn";
      };
    }

    // ---- stopping -------------------------------------------------------------------------------

    synchronized void stopAll() {
      var load = wrkProcess;
      if (load != null && load.isAlive()) {
        load.destroy();
      }
      for (var process : children.reversed()) {
        if (!process.isAlive()) {
          continue;
        }
        try {
          process.getOutputStream().close(); // the JVMs exit at EOF on stdin
        } catch (IOException ignored) {
          // gone already
        }
        var tree = process.descendants().toList();
        if (process == originNginx || process == proxyNginx || process == frontNginx) {
          process.destroy(); // SIGTERM: nginx's fast shutdown, workers included
        }
        try {
          if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        tree.forEach(ProcessHandle::destroyForcibly);
      }
      children.clear();
      if (dir != null && !keep) {
        try (var walk = Files.walk(dir)) {
          walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
          // best effort
        }
        dir = null;
      }
    }

    // ---- environment ----------------------------------------------------------------------------

    static String machine() {
      String model = "unknown CPU";
      try {
        model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
            .filter(l -> l.startsWith("model name")).findFirst()
            .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(model);
      } catch (IOException ignored) {
        // not Linux
      }
      return Runtime.getRuntime().availableProcessors() + " cores (" + model + "), Linux "
          + System.getProperty("os.version");
    }

    static String revision() {
      var head = firstLine(List.of("git", "rev-parse", "--short", "HEAD"));
      var dirty = firstLine(List.of("git", "status", "--porcelain", "--", "tunnel-protocol",
          "ingress"));
      return "git " + head + (dirty.isBlank() || dirty.equals("?") ? ""
          : " + uncommitted changes in tunnel-protocol/ingress");
    }

    String wrkVersion() {
      return "wrk " + firstLine(List.of(findExecutable("wrk"), "--version"))
          .replaceAll("^wrk ", "").replaceAll(" Copyright.*", "")
          + " (" + wrkThreads + " threads at 64 connections)";
    }

    String nginxVersion() {
      return firstLine(List.of(nginxBinary, "-v")).replace("nginx version: ", "");
    }

    static String javaVersion() {
      return "Java " + System.getProperty("java.runtime.version") + " ("
          + System.getProperty("java.vm.name") + ")";
    }

    static String firstLine(List<String> command) {
      try {
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var out = new String(process.getInputStream().readAllBytes()).trim();
        process.waitFor();
        return out.lines().findFirst().orElse("?");
      } catch (Exception e) {
        return "?";
      }
    }

    static long clockTicks() {
      try {
        return Long.parseLong(firstLine(List.of("getconf", "CLK_TCK")));
      } catch (NumberFormatException e) {
        return 100;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Results

  /** What a load run measured; latencies in ms. */
  record Raw(
      int connections,
      long requests,
      long bytes,
      double seconds,
      double p50,
      double p99,
      long errors,
      String errorDetail,
      double generatorCpuSeconds) {

    double generatorCpu() {
      return generatorCpuSeconds;
    }
  }

  /** CPU in % of one core over a point. */
  record Usage(
      Map<String, Double> byComponent,
      double generator,
      double irq,
      double other,
      double machine,
      String busiestOthers) {
    String summary() {
      var parts = new ArrayList<String>();
      parts.add(String.format(Locale.ROOT, "load %.0f%%", generator));
      byComponent.forEach((k, v) -> parts.add(String.format(Locale.ROOT, "%s %.0f%%", k, v)));
      parts.add(String.format(Locale.ROOT, "irq %.0f%%", irq));
      parts.add(String.format(Locale.ROOT, "other %.0f%%", other));
      parts.add(String.format(Locale.ROOT, "machine busy %.0f%%", machine));
      return "CPU: " + String.join(", ", parts);
    }
  }

  record Point(Raw raw, Usage cpu) {
    /** The figure a point is judged by: MiB/s for the bulk download, requests/s otherwise. */
    double headline(String key) {
      return "bulk".equals(key) ? mibps() : rps();
    }

    double rps() {
      return raw.requests() / raw.seconds();
    }

    double p50() {
      return raw.p50();
    }

    double p99() {
      return raw.p99();
    }

    double mibps() {
      return raw.bytes() / raw.seconds() / (1024.0 * 1024.0);
    }

    String summary() {
      return String.format(
          Locale.ROOT,
          "%9.0f req/s  p50 %7.3f ms  p99 %7.3f ms  %8.1f MiB/s  %d requests%s",
          rps(), p50(), p99(), mibps(), raw.requests(),
          raw.errors() > 0 ? "  ERRORS: " + raw.errorDetail() : "");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // CPU accounting from /proc

  static final class CpuMeter {
    final Map<String, List<Long>> components;
    final Map<String, Long> before = new HashMap<>();
    final long[] machineBefore;
    final long started = System.nanoTime();
    final long ticks = Orchestrator.clockTicks();

    final Map<Long, Long> everyoneBefore = everyone();

    CpuMeter(Map<String, List<Long>> components) {
      this.components = components;
      components.forEach((name, pids) -> before.put(name, ticks(pids)));
      machineBefore = machineTicks();
    }

    /** CPU ticks of every process on the machine, to name the others that competed. */
    static Map<Long, Long> everyone() {
      var map = new HashMap<Long, Long>();
      try (var list = Files.list(Path.of("/proc"))) {
        for (var p : list.toList()) {
          var name = p.getFileName().toString();
          if (!name.chars().allMatch(Character::isDigit)) {
            continue;
          }
          var fields = statFields(p.resolve("stat"));
          if (fields != null) {
            map.put(Long.parseLong(name), Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
          }
        }
      } catch (IOException ignored) {
        // not Linux
      }
      return map;
    }

    /** The busiest processes that are not ours over the point, e.g. "java 45%, kworker/0:1 5%". */
    String others(double wall, java.util.Set<Long> ours) {
      var after = everyone();
      var rows = new ArrayList<Map.Entry<Long, Double>>();
      after.forEach((pid, t) -> {
        if (!ours.contains(pid)) {
          double pct = 100.0 * (t - everyoneBefore.getOrDefault(pid, 0L)) / ticks / wall;
          if (pct >= 2) {
            rows.add(Map.entry(pid, pct));
          }
        }
      });
      rows.sort(Map.Entry.<Long, Double>comparingByValue().reversed());
      return rows.stream().limit(4)
          .map(e -> String.format(Locale.ROOT, "%s (pid %d) %.0f%%",
              comm(Path.of("/proc", Long.toString(e.getKey()), "stat")), e.getKey(), e.getValue()))
          .collect(java.util.stream.Collectors.joining(", "));
    }

    Usage stop(double generatorCpuSeconds) {
      double wall = (System.nanoTime() - started) / 1e9;
      var by = new LinkedHashMap<String, Double>();
      double ours = generatorCpuSeconds;
      for (var e : components.entrySet()) {
        double secs = (ticks(e.getValue()) - before.get(e.getKey())) / (double) ticks;
        ours += secs;
        by.put(e.getKey(), 100 * secs / wall);
      }
      var machineAfter = machineTicks();
      double busy = (machineAfter[0] - machineBefore[0]) / (double) ticks;
      double irq = (machineAfter[1] - machineBefore[1]) / (double) ticks;
      var mine = new java.util.HashSet<Long>();
      components.values().forEach(mine::addAll);
      mine.add(ProcessHandle.current().pid());
      return new Usage(by, 100 * generatorCpuSeconds / wall, 100 * irq / wall,
          100 * Math.max(0, busy - irq - ours) / wall, 100 * busy / wall, others(wall, mine));
    }

    static long ticks(List<Long> pids) {
      var both = ProxyMeter.userAndSystem(pids);
      return both[0] + both[1];
    }

    /** Busy ticks of the whole machine (all CPUs), and of those the (soft) interrupt ticks. */
    static long[] machineTicks() {
      try {
        var line = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i <= 8 && i < line.length; i++) {
          total += Long.parseLong(line[i]);
        }
        long idle = Long.parseLong(line[4]) + Long.parseLong(line[5]);
        long irq = Long.parseLong(line[6]) + Long.parseLong(line[7]); // irq + softirq
        return new long[] {total - idle, irq};
      } catch (IOException | RuntimeException e) {
        return new long[] {0, 0};
      }
    }
  }

  /** Per-thread CPU of the edge and the connector (what `top -H` shows), over a point. */
  static final class ThreadMeter {
    final Map<String, Long> pids = new LinkedHashMap<>();
    final Map<String, long[]> before = new HashMap<>();
    final long started = System.nanoTime();
    final long ticks = Orchestrator.clockTicks();

    static ThreadMeter of(Map<String, Long> pids) {
      var meter = new ThreadMeter();
      meter.pids.putAll(new java.util.TreeMap<>(pids));
      meter.pids.forEach((name, pid) -> meter.before.putAll(meter.snapshot(name, pid)));
      return meter;
    }

    Map<String, long[]> snapshot(String name, long pid) {
      var map = new HashMap<String, long[]>();
      var tasks = Path.of("/proc", Long.toString(pid), "task");
      try (var list = Files.list(tasks)) {
        for (var task : list.toList()) {
          var fields = statFields(task.resolve("stat"));
          var comm = comm(task.resolve("stat"));
          if (fields != null) {
            map.put(name + "|" + task.getFileName() + "|" + comm,
                new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12]),
                    wakeUps(task.resolve("status"))});
          }
        }
      } catch (IOException ignored) {
        // the process is gone
      }
      return map;
    }

    static long wakeUps(Path status) {
      try {
        for (var line : Files.readAllLines(status)) {
          if (line.startsWith("voluntary_ctxt_switches:")) {
            return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
          }
        }
      } catch (IOException | NumberFormatException ignored) {
        // the thread is gone
      }
      return 0;
    }

    /** Each JVM's CPU and its busy threads' CPU and wake-ups over {@code requests} requests. */
    List<String> stop(long requests) {
      double n = Math.max(1, requests);
      double wall = (System.nanoTime() - started) / 1e9;
      var after = new HashMap<String, long[]>();
      pids.forEach((name, pid) -> after.putAll(snapshot(name, pid)));
      var lines = new ArrayList<String>();
      for (var name : pids.keySet()) {
        double user = 0;
        double system = 0;
        double wakeUps = 0;
        var rows = new ArrayList<Map.Entry<String, double[]>>();
        for (var e : after.entrySet()) {
          if (!e.getKey().startsWith(name + "|")) {
            continue;
          }
          var b = before.getOrDefault(e.getKey(), new long[3]);
          double u = 100 * (e.getValue()[0] - b[0]) / (double) ticks / wall;
          double s = 100 * (e.getValue()[1] - b[1]) / (double) ticks / wall;
          double w = (e.getValue()[2] - b[2]) / n;
          user += u;
          system += s;
          wakeUps += w;
          if (u + s >= 0.5) {
            rows.add(Map.entry(e.getKey().split("\\|", 3)[2], new double[] {u, s, w}));
          }
        }
        rows.sort(Comparator.comparingDouble(
            (Map.Entry<String, double[]> r) -> r.getValue()[0] + r.getValue()[1]).reversed());
        lines.add(String.format(Locale.ROOT,
            "%s: %.0f%% (user %.0f%%, system %.0f%%), %.1f µs CPU and %.2f wake-ups per request",
            name, user + system, user, system, (user + system) / 100 * wall * 1e6 / n, wakeUps));
        for (var r : rows) {
          lines.add(String.format(Locale.ROOT,
              "  %-18s %5.1f%%  (user %5.1f%%, system %5.1f%%)  %.2f wake-ups per request",
              r.getKey(), r.getValue()[0] + r.getValue()[1], r.getValue()[0], r.getValue()[1],
              r.getValue()[2]));
        }
      }
      return lines;
    }
  }

  /** The fields of /proc/.../stat after the command name; [11] utime, [12] stime. */
  static String[] statFields(Path stat) {
    try {
      var text = Files.readString(stat);
      return text.substring(text.lastIndexOf(')') + 2).trim().split(" ");
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  static String comm(Path stat) {
    try {
      var text = Files.readString(stat);
      return text.substring(text.indexOf('(') + 1, text.lastIndexOf(')'));
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  /** CPU ticks of the children this JVM has waited for (wrk, once it ended). */
  static long selfChildrenCpuTicks() {
    var fields = statFields(Path.of("/proc/self/stat"));
    return fields == null ? 0 : Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
  }

  static List<Long> processTree(Process process) {
    var pids = new ArrayList<Long>();
    pids.add(process.pid());
    process.descendants().forEach(p -> pids.add(p.pid()));
    return pids;
  }

  /**
   * What each proxy process of a path spends per request while one point is measured: user and
   * system CPU (utime, stime of /proc), and when asked, its system calls, counted by {@code perf
   * stat} on the kernel's syscall tracepoints (perf and root). /proc/PID/io's syscr and syscw would
   * not do: the JVMs read with recvfrom and write with sendto, which they do not count. Counting
   * costs every call some time in the kernel (the rounds it ran in lost 4-15% of their requests/s
   * here), so the counted runs are extra ones, not the measured ones.
   */
  static final class ProxyMeter {
    /** The calls the report names, in this order; "other" is every call these do not name. */
    static final Map<String, List<String>> KINDS = new LinkedHashMap<>();

    static {
      KINDS.put("reads", List.of("recvfrom", "read", "readv"));
      KINDS.put("writes", List.of("sendto", "write", "writev"));
      KINDS.put("epoll_wait", List.of("epoll_wait", "epoll_pwait", "epoll_pwait2"));
      KINDS.put("epoll_ctl", List.of("epoll_ctl"));
    }

    private final Map<String, List<Long>> processes;
    private final Map<String, long[]> cpuBefore = new LinkedHashMap<>();
    private final Map<String, Process> perfs = new LinkedHashMap<>();
    private final Map<String, Path> outputs = new LinkedHashMap<>();

    private ProxyMeter(Map<String, List<Long>> processes) {
      this.processes = processes;
      processes.forEach((name, pids) -> cpuBefore.put(name, userAndSystem(pids)));
    }

    /**
     * Starts measuring {@code processes} (name to pid; their children count with them), and
     * counting their system calls if {@code syscalls}.
     */
    static ProxyMeter start(Path dir, String label, Map<String, Long> processes, boolean syscalls)
        throws InterruptedException {
      var trees = new LinkedHashMap<String, List<Long>>();
      processes.forEach((name, pid) -> trees.put(name, ProcessHandle.of(pid)
          .map(h -> java.util.stream.Stream.concat(java.util.stream.Stream.of(h), h.descendants())
              .map(ProcessHandle::pid).toList())
          .orElse(List.of())));
      var meter = new ProxyMeter(trees);
      var perf = syscalls ? findExecutable("perf") : null;
      if (perf == null) {
        return meter;
      }
      var events = new ArrayList<String>(List.of("raw_syscalls:sys_enter"));
      KINDS.values().forEach(calls -> calls.forEach(c -> events.add("syscalls:sys_enter_" + c)));
      for (var tree : trees.entrySet()) {
        if (tree.getValue().isEmpty()) {
          continue;
        }
        var output = dir.resolve("syscalls-" + label + "-" + tree.getKey().replace(' ', '-')
            + ".csv");
        try {
          meter.perfs.put(tree.getKey(), new ProcessBuilder(perf, "stat", "-x", ",", "-o",
              output.toString(), "-e", String.join(",", events), "-p",
              String.join(",", tree.getValue().stream().map(String::valueOf).toList()))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("perf-stat.log").toFile())
              .start());
          meter.outputs.put(tree.getKey(), output);
        } catch (IOException e) {
          break; // counted without system calls
        }
      }
      Thread.sleep(300); // perf attaches before the load starts
      return meter;
    }

    /** Stops; one line per process: its CPU and (where counted) each kind of call per request. */
    List<String> stop(long requests) throws IOException, InterruptedException {
      for (var perf : perfs.values()) {
        // perf stat prints its counts on SIGINT; SIGTERM would end it without them.
        new ProcessBuilder("kill", "-INT", Long.toString(perf.pid())).start().waitFor();
      }
      var lines = new ArrayList<String>();
      double n = Math.max(1, requests);
      double microsPerTick = 1e6 / Orchestrator.clockTicks();
      for (var entry : processes.entrySet()) {
        var name = entry.getKey();
        var after = userAndSystem(entry.getValue());
        var before = cpuBefore.get(name);
        var line = new StringBuilder(String.format(Locale.ROOT,
            "%-11s user %5.1f µs, system %5.1f µs", name, (after[0] - before[0]) * microsPerTick / n,
            (after[1] - before[1]) * microsPerTick / n));
        var perf = perfs.get(name);
        if (perf != null && !perf.waitFor(10, TimeUnit.SECONDS)) {
          perf.destroyForcibly();
        }
        if (perf == null) {
          lines.add(line.append(" per request").toString());
          continue;
        }
        var counts = counts(outputs.get(name));
        if (counts.isEmpty()) {
          lines.add(line.append(" per request; system calls not counted (needs perf, and root ")
              .append("or kernel.perf_event_paranoid <= -1)").toString());
          continue;
        }
        long all = counts.getOrDefault("raw_syscalls:sys_enter", 0L);
        line.append(String.format(Locale.ROOT, "; %.2f system calls:", all / n));
        long named = 0;
        for (var kind : KINDS.entrySet()) {
          long sum = kind.getValue().stream()
              .mapToLong(c -> counts.getOrDefault("syscalls:sys_enter_" + c, 0L)).sum();
          named += sum;
          line.append(String.format(Locale.ROOT, " %s %.2f,", kind.getKey(), sum / n));
        }
        line.append(String.format(Locale.ROOT, " other %.2f (per request)", (all - named) / n));
        lines.add(line.toString());
      }
      return lines;
    }

    /** Clock ticks of user and of system time of {@code pids} so far. */
    static long[] userAndSystem(List<Long> pids) {
      var sum = new long[2];
      for (long pid : pids) {
        var fields = statFields(Path.of("/proc", Long.toString(pid), "stat"));
        if (fields != null) {
          sum[0] += Long.parseLong(fields[11]);
          sum[1] += Long.parseLong(fields[12]);
        }
      }
      return sum;
    }

    /** perf stat's CSV: value,unit,event,...; lines of uncounted events say so in the value. */
    static Map<String, Long> counts(Path csv) throws IOException {
      var counts = new HashMap<String, Long>();
      if (!Files.isRegularFile(csv)) {
        return counts;
      }
      for (var line : Files.readAllLines(csv)) {
        var fields = line.split(",");
        if (fields.length >= 3 && !fields[0].isEmpty() && Character.isDigit(fields[0].charAt(0))) {
          counts.put(fields[2], Long.parseLong(fields[0]));
        }
      }
      return counts;
    }
  }

  static String procStatus(long pid, String key) {
    try {
      return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
          .filter(l -> l.startsWith(key + ":"))
          .map(l -> l.substring(key.length() + 1).trim())
          .findFirst()
          .orElse("?");
    } catch (IOException e) {
      return "?";
    }
  }

  static long kib(String status) {
    try {
      return Long.parseLong(status.replace("kB", "").trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // JFR summary

  static final class Profile {
    /** Leaf-to-root, the first frame in one of these is where a sample's CPU is charged. */
    static final List<String[]> LAYERS =
        List.of(
            // Before the channel layer: these frames are in io.netty.channel too.
            new String[] {"system calls (socket reads and writes, epoll)",
                "io.netty.channel.unix.Socket.", "io.netty.channel.unix.FileDescriptor.",
                "io.netty.channel.epoll.Native."},
            new String[] {"TLS (SslHandler, BoringSSL via netty-tcnative, JDK crypto)",
                "io.netty.internal.tcnative.", "sun.security.", "com.sun.crypto.",
                "javax.crypto.", "javax.net.ssl.", "io.netty.handler.ssl."},
            new String[] {"Outpost code", "dev.outpost."},
            new String[] {"HTTP/2 child channel per stream (multiplexer, frame objects)",
                "io.netty.handler.codec.http2.AbstractHttp2StreamChannel",
                "io.netty.handler.codec.http2.Http2MultiplexHandler",
                "io.netty.handler.codec.http2.Http2StreamChannelBootstrap",
                "io.netty.handler.codec.http2.Http2FrameCodec"},
            new String[] {"HPACK", "io.netty.handler.codec.http2.Hpack"},
            new String[] {"HTTP/2 framing, streams, flow control", "io.netty.handler.codec.http2."},
            new String[] {"HTTP/1 codec", "io.netty.handler.codec.http."},
            new String[] {"Netty buffers", "io.netty.buffer."},
            new String[] {"Netty channel, pipeline, event loop", "io.netty.channel.",
                "io.netty.bootstrap.", "io.netty.util.", "io.netty.handler.", "io.netty."},
            new String[] {"JDK NIO (sockets, selector)", "sun.nio.", "java.nio."},
            new String[] {"JDK other", "java.", "jdk.", "sun.", "javax."});

    static List<String> summarize(String title, Path file) throws IOException {
      var events = jdk.jfr.consumer.RecordingFile.readAllEvents(file);
      // The CPU-time sampler (JDK 25, Linux) when it recorded; the execution sampler otherwise.
      var sampleEvent =
          events.stream().anyMatch(e -> e.getEventType().getName().equals("jdk.CPUTimeSample"))
              ? "jdk.CPUTimeSample"
              : "jdk.ExecutionSample";
      var self = new HashMap<String, Integer>();
      var inclusive = new HashMap<String, Integer>();
      var layers = new LinkedHashMap<String, Integer>();
      int samples = 0;
      int gcs = 0;
      double gcMs = 0;
      for (var event : events) {
        var type = event.getEventType().getName();
        if (type.equals("jdk.GarbageCollection")) {
          gcs++;
          gcMs += event.getDuration().toNanos() / 1e6;
        }
        if (!type.equals(sampleEvent) || event.getStackTrace() == null) {
          continue;
        }
        var frames = event.getStackTrace().getFrames();
        if (frames.isEmpty()) {
          continue;
        }
        samples++;
        self.merge(name(frames.get(0)), 1, Integer::sum);
        var seen = new java.util.HashSet<String>();
        for (var frame : frames) {
          var n = name(frame);
          if (seen.add(n)) {
            inclusive.merge(n, 1, Integer::sum);
          }
        }
        layers.merge(layer(frames), 1, Integer::sum);
      }
      var out = new ArrayList<String>();
      out.add("");
      out.add(String.format(Locale.ROOT, "--- %s: %d %s events, %d GCs (%.0f ms) ---",
          title, samples, sampleEvent, gcs, gcMs));
      if (samples == 0) {
        return out;
      }
      final int total = samples;
      out.add("by layer (leaf-most frame of a known layer):");
      layers.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
          .forEach(e -> out.add(String.format(Locale.ROOT, "  %5.1f%%  %s",
              100.0 * e.getValue() / total, e.getKey())));
      out.add("top frames (self):");
      top(self, 15).forEach(e -> out.add(String.format(Locale.ROOT, "  %5.1f%%  %s",
          100.0 * e.getValue() / total, e.getKey())));
      out.add("top methods (inclusive; Outpost, codecs, TLS, bootstrap, JDK; plumbing left out):");
      var interesting = new HashMap<String, Integer>();
      inclusive.forEach((k, v) -> {
        if (!plumbing(k)) {
          interesting.put(k, v);
        }
      });
      top(interesting, 25).forEach(e -> out.add(String.format(Locale.ROOT, "  %5.1f%%  %s",
          100.0 * e.getValue() / total, e.getKey())));
      return out;
    }

    static String name(jdk.jfr.consumer.RecordedFrame frame) {
      var method = frame.getMethod();
      return method.getType().getName() + "." + method.getName();
    }

    static String layer(List<jdk.jfr.consumer.RecordedFrame> frames) {
      for (var frame : frames) {
        var n = name(frame);
        if (n.startsWith("java.lang.") || n.startsWith("java.util.")
            || n.startsWith("jdk.internal.")) {
          continue; // collections, strings, atomics: charged to whoever called them
        }
        for (var layer : LAYERS) {
          for (int i = 1; i < layer.length; i++) {
            if (n.startsWith(layer[i])) {
              return layer[0];
            }
          }
        }
      }
      return "JDK other";
    }

    static boolean plumbing(String method) {
      return method.startsWith("io.netty.channel.AbstractChannelHandlerContext.")
          || method.startsWith("io.netty.channel.DefaultChannelPipeline")
          || method.startsWith("io.netty.channel.nio.NioEventLoop.")
          || method.startsWith("io.netty.channel.nio.AbstractNioByteChannel$NioByteUnsafe.read")
          || method.startsWith("io.netty.util.concurrent.")
          || method.startsWith("io.netty.util.internal.ThreadExecutorMap")
          || method.startsWith("io.netty.channel.ChannelInboundHandlerAdapter.")
          || method.startsWith("io.netty.channel.ChannelOutboundHandlerAdapter.")
          || method.startsWith("io.netty.channel.CombinedChannelDuplexHandler.")
          || method.startsWith("io.netty.handler.codec.ByteToMessageDecoder.")
          || method.startsWith("io.netty.handler.codec.MessageToMessage")
          || method.startsWith("java.lang.Thread.")
          || method.equals("io.netty.util.internal.ThreadExecutorMap$2.run");
    }

    static <K, V extends Comparable<V>> List<Map.Entry<K, V>> top(Map<K, V> map, int n) {
      return map.entrySet().stream()
          .sorted(Map.Entry.<K, V>comparingByValue().reversed())
          .limit(n)
          .toList();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The Java load generator (--java-load, or when wrk is not wanted): blocking HTTP/1.1 keep-alive
  // clients, one platform thread per connection.

  record Answer(int status, long length) {}

  /**
   * Reads {@code perf sched timehist -w}: for every hand-off from one process of the path to
   * another, how long the waker had been running when it woke the next process (its pass, from
   * the moment it last got the CPU), and how long the woken one took to start, split by whether it
   * ran on the waker's core or on the other one.
   */
  static final class WakeUps {
    private static final Pattern WAKE = Pattern.compile(
        "^\\s*([\\d.]+)\\s+\\[(\\d+)\\]\\s+(\\S.*?\\[[\\d/]+\\])\\s+awakened: (\\S.*?\\[[\\d/]+\\])");
    private static final Pattern RUN = Pattern.compile(
        "^\\s*([\\d.]+)\\s+\\[(\\d+)\\]\\s+(\\S.*?\\[[\\d/]+\\])\\s+([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)\\s*$");
    private static final Pattern PID = Pattern.compile("\\[(\\d+)(?:/(\\d+))?\\]$");

    /** One stretch of a thread on a core: from start to end (seconds), on cpu. */
    record Run(double start, double end, int cpu) {}

    record Wake(double time, int cpu, String waker, String wakee) {}

    static List<String> summarize(List<String> timehist, Map<Long, String> labels) {
      var runs = new HashMap<String, List<Run>>();
      var wakes = new ArrayList<Wake>();
      for (var line : timehist) {
        var w = WAKE.matcher(line);
        if (w.find()) {
          wakes.add(new Wake(Double.parseDouble(w.group(1)), Integer.parseInt(w.group(2)),
              w.group(3), w.group(4)));
          continue;
        }
        var r = RUN.matcher(line);
        if (r.find()) {
          double end = Double.parseDouble(r.group(1));
          double ran = Double.parseDouble(r.group(6)) / 1000;
          runs.computeIfAbsent(r.group(3), t -> new ArrayList<>())
              .add(new Run(end - ran, end, Integer.parseInt(r.group(2))));
        }
      }
      // Per hand-off "waker -> wakee": the waker's pass, and the wakee's start on each core kind.
      var passes = new LinkedHashMap<String, List<Double>>();
      var sameCore = new HashMap<String, List<Double>>();
      var otherCore = new HashMap<String, List<Double>>();
      var onPath = new HashSet<>(labels.values());
      onPath.add("wrk");
      for (var wake : wakes) {
        var from = label(wake.waker(), labels);
        var to = label(wake.wakee(), labels);
        if (from.equals(to) || !onPath.contains(from) || !onPath.contains(to)) {
          continue; // threads of one process, or the kernel's and other processes' wake-ups
        }
        var key = from + " -> " + to;
        var own = runAt(runs.get(wake.waker()), wake.time());
        if (own != null) {
          passes.computeIfAbsent(key, k -> new ArrayList<>()).add(wake.time() - own.start());
        }
        var next = runAfter(runs.get(wake.wakee()), wake.time());
        if (next != null) {
          (next.cpu() == wake.cpu() ? sameCore : otherCore)
              .computeIfAbsent(key, k -> new ArrayList<>())
              .add(next.start() - wake.time());
        }
      }
      var rows = new ArrayList<String[]>();
      rows.add(new String[] {"hand-off", "count", "waker's pass", "woken starts after",
          "same core", "other core", "share on the other core"});
      passes.entrySet().stream()
          .filter(e -> e.getValue().size() >= 50)
          .sorted(Comparator.comparing(e -> -e.getValue().size()))
          .forEach(e -> {
            var same = sameCore.getOrDefault(e.getKey(), List.of());
            var other = otherCore.getOrDefault(e.getKey(), List.of());
            var all = new ArrayList<>(same);
            all.addAll(other);
            int started = same.size() + other.size();
            rows.add(new String[] {e.getKey(), Integer.toString(e.getValue().size()),
                micros(median(e.getValue())), micros(median(all)), micros(median(same)),
                micros(median(other)),
                started == 0 ? "-" : Math.round(100.0 * other.size() / started) + "%"});
          });
      if (rows.size() == 1) {
        return List.of("no hand-offs between the path's processes in the trace");
      }
      var out = new ArrayList<>(List.of(formatText(rows).split("\n")));
      out.add("(medians in µs; a pass counts from when the waker last got its core, so it includes"
          + " any earlier work it did without sleeping)");
      return out;
    }

    static String label(String task, Map<Long, String> labels) {
      var m = PID.matcher(task);
      if (!m.find()) {
        return task;
      }
      long pid = Long.parseLong(m.group(2) != null ? m.group(2) : m.group(1));
      return labels.getOrDefault(pid, task.substring(0, task.indexOf('[')));
    }

    /** The run that covers time t, or null. Runs are in time order. */
    static Run runAt(List<Run> list, double t) {
      int i = firstStartingAfter(list, t) - 1;
      return i >= 0 && t <= list.get(i).end() + 1e-6 ? list.get(i) : null;
    }

    /** The first run that starts at or after t, within 2 ms, or null. */
    static Run runAfter(List<Run> list, double t) {
      int i = list == null ? 0 : firstStartingAfter(list, t - 1e-6);
      return list != null && i < list.size() && list.get(i).start() - t < 0.002
          ? list.get(i)
          : null;
    }

    /** Index of the first run starting after t (binary search; list.size() if none). */
    static int firstStartingAfter(List<Run> list, double t) {
      if (list == null) {
        return 0;
      }
      int low = 0;
      int high = list.size();
      while (low < high) {
        int mid = (low + high) >>> 1;
        if (list.get(mid).start() <= t) {
          low = mid + 1;
        } else {
          high = mid;
        }
      }
      return low;
    }

    static double median(List<Double> values) {
      if (values.isEmpty()) {
        return Double.NaN;
      }
      var sorted = values.stream().sorted().toList();
      return sorted.get(sorted.size() / 2);
    }

    static String micros(double seconds) {
      return Double.isNaN(seconds) ? "-" : String.format(Locale.ROOT, "%.1f", seconds * 1e6);
    }
  }

  static final class RawClient implements AutoCloseable {
    final Socket socket;
    final InputStream in;
    final OutputStream out;
    byte[] request;
    final byte[] scratch = new byte[256 * 1024];

    RawClient(String host, int port, String path) throws IOException {
      socket = new Socket(host, port);
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(10_000);
      in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
      out = socket.getOutputStream();
      request = request(path);
    }

    static byte[] request(String path) {
      return ("GET " + path + " HTTP/1.1\r\nHost: " + HOST + "\r\nUser-Agent: tunnelbench\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII);
    }

    Answer exchange() throws IOException {
      out.write(request);
      out.flush();
      var statusLine = line();
      int status = Integer.parseInt(statusLine.split(" ")[1]);
      long length = -1;
      boolean chunked = false;
      for (String header; !(header = line()).isEmpty(); ) {
        var lower = header.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-length:")) {
          length = Long.parseLong(lower.substring(15).trim());
        } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
          chunked = true;
        }
      }
      long received = 0;
      if (chunked) {
        for (long size; (size = Long.parseLong(line().split(";")[0].trim(), 16)) > 0; ) {
          skip(size);
          received += size;
          line();
        }
        while (!line().isEmpty()) {
          // trailers
        }
      } else if (length > 0) {
        skip(length);
        received = length;
      }
      return new Answer(status, received);
    }

    void skip(long n) throws IOException {
      while (n > 0) {
        int read = in.read(scratch, 0, (int) Math.min(scratch.length, n));
        if (read < 0) {
          throw new IOException("the connection closed in a body");
        }
        n -= read;
      }
    }

    String line() throws IOException {
      var sb = new StringBuilder();
      for (int c; (c = in.read()) >= 0; ) {
        if (c == '\n') {
          int len = sb.length();
          return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
        }
        sb.append((char) c);
      }
      throw new IOException("the connection closed");
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  static final class JavaLoad {
    static Raw run(String host, int port, String path, int connections, int seconds)
        throws Exception {
      long cpuBefore = ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos())
          .orElse(0L);
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      var latencies = new long[connections][];
      var counts = new int[connections];
      var bytes = new long[connections];
      var errors = new java.util.concurrent.atomic.AtomicLong();
      var badStatus = new java.util.concurrent.atomic.AtomicLong();
      var threads = new ArrayList<Thread>();
      long started = System.nanoTime();
      for (int c = 0; c < connections; c++) {
        int id = c;
        latencies[c] = new long[4096];
        threads.add(Thread.ofPlatform().start(() -> {
          RawClient client = null;
          while (System.nanoTime() < end) {
            try {
              if (client == null) {
                client = new RawClient(host, port, path);
              }
              long t0 = System.nanoTime();
              var answer = client.exchange();
              long t = System.nanoTime() - t0;
              if (answer.status() >= 400) {
                badStatus.incrementAndGet();
              }
              if (counts[id] == latencies[id].length) {
                latencies[id] = Arrays.copyOf(latencies[id], counts[id] * 2);
              }
              latencies[id][counts[id]++] = t;
              bytes[id] += answer.length();
            } catch (IOException | RuntimeException e) {
              errors.incrementAndGet();
              try {
                if (client != null) {
                  client.close();
                }
              } catch (IOException ignored) {
                // broken anyway
              }
              client = null;
            }
          }
          try {
            if (client != null) {
              client.close();
            }
          } catch (IOException ignored) {
            // done
          }
        }));
      }
      for (var t : threads) {
        t.join();
      }
      double elapsed = (System.nanoTime() - started) / 1e9;
      long cpuAfter = ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos())
          .orElse(0L);
      long total = Arrays.stream(counts).asLongStream().sum();
      var all = new long[(int) total];
      int k = 0;
      for (int c = 0; c < connections; c++) {
        System.arraycopy(latencies[c], 0, all, k, counts[c]);
        k += counts[c];
      }
      Arrays.sort(all);
      return new Raw(
          connections,
          total,
          Arrays.stream(bytes).sum(),
          elapsed,
          quantile(all, 0.50) / 1e6,
          quantile(all, 0.99) / 1e6,
          errors.get() + badStatus.get(),
          "java load errors: I/O " + errors.get() + ", status >= 400 " + badStatus.get(),
          (cpuAfter - cpuBefore) / 1e9);
    }

    static double quantile(long[] sorted, double q) {
      return sorted.length == 0
          ? 0
          : sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Small helpers

  /** wrk reports its own figures at the end of a run, unrounded. */
  static final String WRK_REPORT =
      """
      done = function(summary, latency, requests)
        io.write(string.format(
          "RESULT requests=%d bytes=%d duration_us=%d p50_us=%.1f p99_us=%.1f connect=%d read=%d write=%d status=%d timeout=%d\\n",
          summary.requests, summary.bytes, summary.duration,
          latency:percentile(50), latency:percentile(99),
          summary.errors.connect, summary.errors.read, summary.errors.write,
          summary.errors.status, summary.errors.timeout))
      end
      """;

  static String option(String[] args, String name, String fallback) {
    var list = List.of(args);
    int i = list.indexOf(name);
    return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
  }

  static String required(String[] args, String name) {
    var value = option(args, name, null);
    if (value == null) {
      throw new IllegalArgumentException("missing " + name);
    }
    return value;
  }

  static List<String> split(String words) {
    return words.isBlank() ? List.of() : List.of(words.trim().split("\\s+"));
  }

  static String findExecutable(String name) {
    var dirs = new ArrayList<String>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
    dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin", "/usr/local/nginx/sbin", "/sbin"));
    for (var d : dirs) {
      if (d.isEmpty()) {
        continue;
      }
      var candidate = Path.of(d, name);
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
        return candidate.toString();
      }
    }
    return null;
  }

  static int freePort() throws IOException {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Waits for a line containing {@code marker} in a child's log; returns it. */
  static String awaitLine(Process process, Path log, String marker, int seconds)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (Files.exists(log)) {
        var text = Files.readString(log);
        // Whole lines only: the child may be in the middle of writing the one we wait for.
        for (var line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
          if (line.contains(marker)) {
            return line;
          }
        }
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "process " + process.pid() + " exited (" + process.exitValue() + "): " + tail(log));
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("no '" + marker + "' in " + log + " after " + seconds + " s: "
        + tail(log));
  }

  static String field(String line, String name) {
    var m = Pattern.compile("\\b" + name + "=(\\S+)").matcher(line);
    if (!m.find()) {
      throw new IllegalStateException("no " + name + " in " + line);
    }
    return m.group(1);
  }

  static String tail(Path file) {
    try {
      var lines = Files.readAllLines(file);
      return "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "";
    }
  }

  static String formatText(List<String[]> rows) {
    int columns = rows.get(0).length;
    var widths = new int[columns];
    for (var row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    var sb = new StringBuilder();
    for (int r = 0; r < rows.size(); r++) {
      var row = rows.get(r);
      for (int i = 0; i < columns; i++) {
        sb.append(i == 0 ? String.format("%-" + widths[i] + "s", row[i])
            : String.format("  %" + widths[i] + "s", row[i]));
      }
      sb.append("\n");
      if (r == 0) {
        sb.append("-".repeat(Arrays.stream(widths).sum() + 2 * (columns - 1))).append("\n");
      }
    }
    return sb.toString();
  }

  static String formatMarkdown(List<String[]> rows) {
    var sb = new StringBuilder();
    for (int r = 0; r < rows.size(); r++) {
      sb.append("| ").append(String.join(" | ", rows.get(r))).append(" |\n");
      if (r == 0) {
        sb.append("|---|").append("---:|".repeat(rows.get(0).length - 1)).append("\n");
      }
    }
    return sb.toString();
  }
}
