package dev.outpost.connector.access;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code connector access tcp|ssh}: reach a TCP service (an ingress rule with {@code tcp://},
 * {@code ssh://} or {@code rdp://}) through the edge from a client machine, as with cloudflared's
 * {@code access} commands. The bytes travel in a WebSocket to the service's hostname, so the edge's
 * access policies apply (a protected service takes a service token).
 */
@Command(
    name = "access",
    mixinStandardHelpOptions = true,
    description = "Reach a TCP service (ssh, a database, RDP) exposed through a tunnel.",
    subcommands = {AccessCommand.Tcp.class, AccessCommand.Ssh.class})
public final class AccessCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** What both subcommands take. */
  abstract static class Reaching {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--hostname",
        required = true,
        description = "the service's public hostname, e.g. ssh.example.com")
    String hostname;

    @Option(
        names = "--edge-url",
        description = "where the edge is (default https://HOSTNAME); e.g. http://localhost:8000")
    URI edgeUrl;

    @Option(
        names = "--edge-ca",
        defaultValue = "${env:OUTPOST_EDGE_CA}",
        description = "PEM of the CA of the edge's public certificate; default: the system's")
    Path edgeCa;

    @Option(
        names = "--service-token-id",
        defaultValue = "${env:OUTPOST_SERVICE_TOKEN_ID}",
        description = "a service token's client id, for a service behind an access policy")
    String clientId;

    @Option(
        names = "--service-token-secret",
        defaultValue = "${env:OUTPOST_SERVICE_TOKEN_SECRET}",
        description = "the service token's secret")
    String clientSecret;

    WebSocketBridge bridge() {
      var edge = edgeUrl != null ? edgeUrl : URI.create("https://" + hostname);
      if (!"https".equals(edge.getScheme()) && !"http".equals(edge.getScheme())) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--edge-url takes http:// or https://, not '" + edge + "'");
      }
      if ((clientId == null || clientId.isBlank())
          != (clientSecret == null || clientSecret.isBlank())) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--service-token-id and --service-token-secret go together");
      }
      return new WebSocketBridge(
          new WebSocketBridge.Target(hostname, edge, tls(), clientId, clientSecret));
    }

    private SSLContext tls() {
      if (edgeCa == null || edgeCa.toString().isBlank()) {
        return null;
      }
      try (InputStream in = Files.newInputStream(edgeCa)) {
        var store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
          store.setCertificateEntry("ca-" + i++, certificate);
        }
        var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        var context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
      } catch (IOException | java.security.GeneralSecurityException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--edge-ca: cannot read " + edgeCa + ": " + e.getMessage());
      }
    }
  }

  @Command(
      name = "tcp",
      mixinStandardHelpOptions = true,
      description = {
        "Listen on --url and carry each connection to the service, e.g.",
        "  connector access tcp --hostname db.example.com --url localhost:5433"
      })
  static final class Tcp extends Reaching implements Callable<Integer> {
    @Option(
        names = "--url",
        required = true,
        description = "the local address to listen on, host:port (port 0: any free one)")
    String url;

    @Override
    public Integer call() throws IOException {
      var bridge = bridge();
      int colon = url.lastIndexOf(':');
      InetSocketAddress local;
      try {
        var host = url.substring(0, colon);
        local =
            new InetSocketAddress(
                host.isEmpty() ? InetAddress.getLoopbackAddress() : InetAddress.getByName(host),
                Integer.parseInt(url.substring(colon + 1)));
      } catch (RuntimeException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--url takes host:port, not '" + url + "'");
      }
      var err = spec.commandLine().getErr();
      try (var server = new ServerSocket();
          var connections = Executors.newVirtualThreadPerTaskExecutor()) {
        server.bind(local);
        err.printf(
            "listening on %s:%d for %s%n", local.getHostString(), server.getLocalPort(), hostname);
        err.flush();
        while (!server.isClosed()) {
          var socket = server.accept();
          connections.submit(() -> serve(bridge, socket));
        }
      }
      return 0;
    }

    private void serve(WebSocketBridge bridge, Socket socket) {
      try (socket) {
        socket.setTcpNoDelay(true);
        bridge.carry(socket.getInputStream(), socket.getOutputStream(), () -> close(socket));
      } catch (IOException e) {
        spec.commandLine().getErr().println("error: " + e.getMessage());
        spec.commandLine().getErr().flush();
      }
    }

    private static void close(Socket socket) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing to end a blocked read; nothing else to do
      }
    }
  }

  @Command(
      name = "ssh",
      mixinStandardHelpOptions = true,
      description = {
        "Carry standard input and output to the service: for ssh's ProxyCommand, e.g. in",
        "~/.ssh/config:  ProxyCommand connector access ssh --hostname %h"
      })
  static final class Ssh extends Reaching implements Callable<Integer> {
    @Override
    public Integer call() {
      var bridge = bridge();
      try {
        // When the service's side ends, so does this process: ssh then sees the end of its input.
        bridge.carry(System.in, System.out, () -> System.exit(0));
        System.out.flush();
        return 0;
      } catch (IOException e) {
        spec.commandLine().getErr().println("error: " + e.getMessage());
        return 1;
      }
    }
  }
}
