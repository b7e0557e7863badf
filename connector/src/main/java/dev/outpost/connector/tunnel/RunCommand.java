package dev.outpost.connector.tunnel;

import dev.outpost.connector.ConnectorVersion;
import dev.outpost.connector.config.ConfigFile;
import dev.outpost.connector.metrics.MetricsServer;
import dev.outpost.connector.supervisor.Backoff;
import dev.outpost.connector.supervisor.Supervisor;
import dev.outpost.protocol.LeakDetection;
import dev.outpost.protocol.Transport;
import dev.outpost.protocol.TunnelToken;
import dev.outpost.protocol.agent.ConnectorClient;
import dev.outpost.protocol.agent.OriginProxy;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code connector tunnel run}: connects to the edge and serves the tunnel until stopped.
 * Credentials come from {@code --token} / {@code TUNNEL_TOKEN}, or from config.yml's {@code
 * credentials-file}.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run a tunnel: dial the edge and serve its requests.")
public final class RunCommand implements Callable<Integer> {

  @CommandLine.ParentCommand TunnelCommand tunnel;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--token",
      defaultValue = "${env:TUNNEL_TOKEN}",
      description = "the tunnel token (or TUNNEL_TOKEN)")
  String token;

  @Option(
      names = "--edge",
      defaultValue = "${env:OUTPOST_EDGE:-localhost:7844}",
      description =
          "the edge's tunnel address, host:port, or several routers' separated by commas, over"
              + " which the connections are spread (or OUTPOST_EDGE; default ${DEFAULT-VALUE})")
  String edge;

  @Option(
      names = "--edge-ca",
      defaultValue = "${env:OUTPOST_EDGE_CA}",
      description =
          "PEM file of the CA that signed the edge's certificate (or OUTPOST_EDGE_CA); default: the system's")
  Path edgeCa;

  @Option(
      names = "--ha-connections",
      defaultValue = "4",
      description = "connections to hold (default ${DEFAULT-VALUE})")
  int haConnections;

  @Option(
      names = "--grace-period",
      defaultValue = "30s",
      description = "how long requests in flight may finish on SIGTERM (default ${DEFAULT-VALUE})")
  String gracePeriod;

  @Option(
      names = "--metrics",
      defaultValue = "${env:TUNNEL_METRICS}",
      description =
          "host:port for /metrics, /ready and /healthcheck (or TUNNEL_METRICS); off unless set")
  String metrics;

  @Parameters(
      arity = "0..1",
      paramLabel = "NAME-or-ID",
      description = "the tunnel (with --config): its name or id")
  String tunnelName;

  @Override
  public Integer call() throws Exception {
    var err = spec.commandLine().getErr();
    var credentials = credentials();
    if (tunnelName != null
        && tunnelName.matches("[0-9a-fA-F-]{36}")
        && !tunnelName.equalsIgnoreCase(credentials.tunnelId().toString())) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "the credentials are for tunnel " + credentials.tunnelId() + ", not " + tunnelName);
    }
    var rules = localRules();
    var addresses = parseEdges(edge);
    var grace = parseDuration(gracePeriod);
    if (haConnections < 1 || haConnections > 16) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--ha-connections must be between 1 and 16");
    }
    var ssl = SslContextBuilder.forClient();
    // An empty OUTPOST_EDGE_CA (as a compose file may pass) means the system's CAs.
    if (edgeCa != null && !edgeCa.toString().isBlank()) {
      if (!Files.isRegularFile(edgeCa)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--edge-ca: no file at " + edgeCa);
      }
      ssl.trustManager(edgeCa.toFile());
    }
    LeakDetection.offUnlessAsked();
    var group = Transport.group(2);
    var version = new ConnectorVersion().get();
    var proxy = new OriginProxy(rules);
    var client =
        new ConnectorClient(group, ssl.build(), credentials, UUID.randomUUID(), version, proxy)
            .haConnections(haConnections);
    var supervisor =
        new Supervisor(
            client,
            addresses,
            haConnections,
            new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new Random()),
            group,
            err);
    err.printf(
        "Outpost connector %s: tunnel %s, %d connections to %s%n",
        version, credentials.tunnelId(), haConnections, edge);
    err.flush();
    MetricsServer metricsServer = null;
    if (metrics != null && !metrics.isBlank()) {
      var at = parseEdge(metrics);
      metricsServer =
          new MetricsServer(
              new InetSocketAddress(at.getHostString(), at.getPort()),
              supervisor::registeredConnections,
              proxy);
      err.printf("metrics, readiness and health on http://%s%n", metrics);
    }
    var exit = supervisor.start();
    // SIGTERM (docker stop, Kubernetes) and Ctrl-C drain, then the command returns its code (0): a
    // JVM left to its default handling would run a shutdown hook and exit with 143.
    Runnable drain = () -> new Thread(() -> supervisor.stop(grace), "connector-stop").start();
    for (var name : List.of("TERM", "INT")) {
      sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> drain.run());
    }
    // Any other way the JVM ends still stops taking requests.
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> supervisor.stop(Duration.ZERO), "connector-exit"));
    int code = exit.get();
    if (metricsServer != null) {
      metricsServer.close();
    }
    group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS);
    return code;
  }

  private TunnelToken credentials() {
    if (token != null && !token.isBlank()) {
      try {
        return TunnelToken.parse(token);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
    }
    var config = loadConfig();
    if (config.credentialsFile() == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "no credentials: pass --token (or TUNNEL_TOKEN), or a config.yml with credentials-file");
    }
    try {
      return TunnelToken.parseCredentials(Files.readString(config.credentialsFile()));
    } catch (IOException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "cannot read the credentials file " + config.credentialsFile());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private dev.outpost.ingress.IngressTable localRules() {
    if (tunnel.config == null && (token != null && !token.isBlank())) {
      return null; // remotely managed: the edge pushes the rules
    }
    return loadConfig().ingress();
  }

  private ConfigFile loadConfig() {
    try {
      return ConfigFile.load(tunnel.configFile());
    } catch (ConfigFile.ConfigException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private List<InetSocketAddress> parseEdges(String value) {
    var edges = new java.util.ArrayList<InetSocketAddress>();
    for (var part : value.split(",")) {
      if (!part.isBlank()) {
        edges.add(parseEdge(part.trim()));
      }
    }
    if (edges.isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--edge takes host:port, not '" + value + "'");
    }
    return edges;
  }

  private InetSocketAddress parseEdge(String value) {
    int colon = value.lastIndexOf(':');
    try {
      return InetSocketAddress.createUnresolved(
          value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
    } catch (RuntimeException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--edge takes host:port, not '" + value + "'");
    }
  }

  private Duration parseDuration(String value) {
    var matcher = java.util.regex.Pattern.compile("(\\d+)(ms|s|m)").matcher(value);
    if (!matcher.matches()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--grace-period takes for example 30s, not '" + value + "'");
    }
    long n = Long.parseLong(matcher.group(1));
    return switch (matcher.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      default -> Duration.ofMinutes(n);
    };
  }
}
