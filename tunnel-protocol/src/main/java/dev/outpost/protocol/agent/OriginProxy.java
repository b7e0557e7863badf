package dev.outpost.protocol.agent;

import dev.outpost.ingress.IngressRule;
import dev.outpost.ingress.IngressTable;
import dev.outpost.ingress.OriginService;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Serves public requests from the ingress rules in force: matches the request's host and path, then
 * answers locally ({@code http_status}, {@code hello_world}) or proxies to the origin.
 *
 * <p>The rules swap atomically: a request keeps the rules it matched with, a configuration older
 * than the one in force is ignored. Thread-safe.
 */
public final class OriginProxy {

  /** The rules in force and their version (0 for a local config.yml). */
  public record Rules(int version, IngressTable table, List<OriginTarget> targets) {
    Rules(int version, IngressTable table) {
      this(version, table, targets(table));
    }

    /** Each rule's origin address, worked out once per configuration rather than per request. */
    private static List<OriginTarget> targets(IngressTable table) {
      var targets = new ArrayList<OriginTarget>(table.rules().size());
      for (var rule : table.rules()) {
        targets.add(
            switch (rule.service()) {
              case OriginService.Http http -> OriginTarget.of(http, tlsOptions(rule));
              case OriginService.UnixSocket socket -> OriginTarget.of(socket, tlsOptions(rule));
              default -> null;
            });
      }
      return java.util.Collections.unmodifiableList(targets);
    }
  }

  private final AtomicReference<Rules> rules;
  private final ProxyMetrics metrics = new ProxyMetrics();
  private final OriginPool pool = new OriginPool();

  /**
   * @param initial the local config.yml's rules, or null when the edge will push them
   */
  public OriginProxy(IngressTable initial) {
    this.rules = new AtomicReference<>(initial == null ? null : new Rules(0, initial));
  }

  /** Applies a remote-managed configuration unless it is older; returns the version in force. */
  public int apply(int version, Map<String, Object> config) {
    var table = IngressTable.parse(config);
    var next = new Rules(version, table);
    var now =
        rules.updateAndGet(
            current -> current == null || current.version() < version ? next : current);
    return now.version();
  }

  public ProxyMetrics metrics() {
    return metrics;
  }

  /** The version in force, or -1 when there are no rules yet. */
  public int version() {
    var current = rules.get();
    return current == null ? -1 : current.version();
  }

  OriginExchange open(EdgeStream stream, Http2HeadersFrame request) {
    var current = rules.get();
    if (current == null) {
      return Answers.respond(
          stream, metrics, 503, "text/plain", "this connector has no ingress rules yet\n");
    }
    var authority =
        request.headers().authority() == null ? "" : request.headers().authority().toString();
    var path = request.headers().path() == null ? "/" : request.headers().path().toString();
    int query = path.indexOf('?');
    var match = current.table().match(authority, query >= 0 ? path.substring(0, query) : path);
    var rule = match.rule();
    return switch (rule.service()) {
      case OriginService.HttpStatus status ->
          Answers.respond(stream, metrics, status.code(), null, "");
      case OriginService.HelloWorld hello ->
          Answers.respond(
              stream,
              metrics,
              200,
              "text/plain; charset=utf-8",
              "Hello from an Outpost connector. You asked for " + authority + path + "\n");
      case OriginService.Http http ->
          new HttpOriginExchange(
              stream, request, current.targets().get(match.index()), rule, pool, metrics);
      case OriginService.UnixSocket socket ->
          new HttpOriginExchange(
              stream, request, current.targets().get(match.index()), rule, pool, metrics);
      case OriginService.Tcp tcp ->
          TcpOriginExchange.open(stream, request, tcp, rule, pool, metrics);
      default ->
          Answers.respond(
              stream,
              metrics,
              502,
              "text/plain",
              "this connector cannot serve " + rule.service() + " yet\n");
    };
  }

  private static String tlsOptions(IngressRule rule) {
    var options = rule.originRequest();
    return options.originServerName() + ":" + options.noTLSVerify();
  }

  static IngressRule ruleFor(IngressTable table, String host, String path) {
    return table.match(host, path).rule();
  }
}
