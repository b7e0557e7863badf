package dev.outpost.connector.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.outpost.protocol.agent.OriginProxy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;

/**
 * The connector's own small HTTP server ({@code --metrics ADDR}): {@code /metrics} in Prometheus'
 * text format, {@code /ready} (200 only with a registered connection, JSON with the count) and
 * {@code /healthcheck} (200 while the process runs), for orchestrators and dashboards.
 */
public final class MetricsServer implements AutoCloseable {

  private final HttpServer server;

  public MetricsServer(InetSocketAddress address, IntSupplier connections, OriginProxy proxy)
      throws IOException {
    server = HttpServer.create(address, 16);
    server.createContext("/healthcheck", exchange -> send(exchange, 200, "text/plain", "OK\n"));
    server.createContext(
        "/ready",
        exchange -> {
          int ready = connections.getAsInt();
          send(
              exchange,
              ready > 0 ? 200 : 503,
              "application/json",
              "{\"status\":" + (ready > 0 ? 200 : 503) + ",\"readyConnections\":" + ready + "}");
        });
    server.createContext(
        "/metrics",
        exchange -> send(exchange, 200, "text/plain; version=0.0.4", render(connections, proxy)));
    server.start();
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  static String render(IntSupplier connections, OriginProxy proxy) {
    var metrics = proxy.metrics();
    var out = new StringBuilder();
    gauge(
        out,
        "outpost_connector_ha_connections",
        "Connections to the edge registered now",
        connections.getAsInt());
    gauge(
        out,
        "outpost_connector_concurrent_requests",
        "Requests being served now",
        metrics.inFlight());
    gauge(
        out,
        "outpost_connector_config_version",
        "Version of the ingress rules in force (0: local config.yml, -1: none)",
        proxy.version());
    out.append("# HELP outpost_connector_requests_total Requests received through the tunnel\n");
    out.append("# TYPE outpost_connector_requests_total counter\n");
    out.append("outpost_connector_requests_total ").append(metrics.requests()).append('\n');
    out.append("# HELP outpost_connector_responses_total Answers by status code\n");
    out.append("# TYPE outpost_connector_responses_total counter\n");
    metrics
        .responses()
        .forEach(
            (code, count) ->
                out.append("outpost_connector_responses_total{code=\"")
                    .append(code)
                    .append("\"} ")
                    .append(count)
                    .append('\n'));
    return out.toString();
  }

  private static void gauge(StringBuilder out, String name, String help, long value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" gauge\n");
    out.append(name).append(' ').append(value).append('\n');
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    var bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
