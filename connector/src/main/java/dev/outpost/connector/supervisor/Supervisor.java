package dev.outpost.connector.supervisor;

import dev.outpost.protocol.agent.ConnectorClient;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.util.concurrent.Future;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the connector's HA connections to the edge: dials each, retries with jittered backoff when
 * the edge is unreachable or a connection is lost, and gives up only on a final refusal (unknown or
 * deleted tunnel, wrong secret), which it reports. With several edge addresses (routers), the
 * connections are spread over them, and a connection that cannot reach one tries the next, so the
 * tunnel stays up while a router is down. Thread-safe.
 */
public final class Supervisor {

  private final ConnectorClient client;
  private final List<InetSocketAddress> edges;
  private final int connections;
  private final Backoff backoff;
  private final EventLoopGroup group;
  private final PrintWriter log;
  private final Map<Integer, Channel> registered = new ConcurrentHashMap<>();
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();
  private volatile boolean stopping;

  public Supervisor(
      ConnectorClient client,
      List<InetSocketAddress> edges,
      int connections,
      Backoff backoff,
      EventLoopGroup group,
      PrintWriter log) {
    this.client = client;
    if (edges.isEmpty()) {
      throw new IllegalArgumentException("no edge address");
    }
    this.edges = List.copyOf(edges);
    this.connections = connections;
    this.backoff = backoff;
    this.group = group;
    this.log = log;
  }

  /** Starts every connection; the future completes with the process exit code. */
  public CompletableFuture<Integer> start() {
    for (int i = 0; i < connections; i++) {
      connect(i, 0);
    }
    return exit;
  }

  /** Connections registered right now (the connector is ready with one or more). */
  public int registeredConnections() {
    return registered.size();
  }

  private void connect(int index, int attempt) {
    if (stopping) {
      return;
    }
    // Connection i starts on edge i (mod n); each failed attempt moves it on to the next edge.
    var edge = edges.get(Math.floorMod(index + attempt, edges.size()));
    client
        .connect(edge, edge.getHostString(), index)
        .addListener(
            (Future<ConnectorClient.Registered> result) -> {
              if (!result.isSuccess()) {
                retry(
                    index,
                    attempt,
                    "cannot reach the edge at " + edge + ": " + describe(result.cause()));
                return;
              }
              var verdict = result.getNow().verdict();
              if (!verdict.registered()) {
                if (verdict.retryable()) {
                  retry(index, attempt, "the edge refused for now: " + verdict.reason());
                } else {
                  log.printf(
                      "connection %d: the edge refused this tunnel: %s%n", index, verdict.reason());
                  log.flush();
                  exit.complete(1); // first: stop() would report a clean end
                  stop(Duration.ZERO);
                }
                return;
              }
              var channel = result.getNow().channel();
              registered.put(index, channel);
              log.printf(
                  "connection %d registered with router %s (connection %s)%n",
                  index, verdict.routerId(), verdict.connectionId());
              log.flush();
              channel
                  .closeFuture()
                  .addListener(
                      closed -> {
                        registered.remove(index, channel);
                        if (!stopping) {
                          retry(index, 0, "connection lost");
                        }
                      });
            });
  }

  private void retry(int index, int attempt, String why) {
    if (stopping) {
      return;
    }
    var delay = backoff.delay(attempt);
    log.printf("connection %d: %s; retrying in %.1f s%n", index, why, delay.toMillis() / 1000.0);
    log.flush();
    group.schedule(() -> connect(index, attempt + 1), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Stops taking new requests (GOAWAY on every connection), lets requests in flight finish for up
   * to {@code grace}, then closes. Completes the exit future with 0 unless it was already set.
   */
  public synchronized void stop(Duration grace) {
    if (stopping) {
      return; // a signal and the shutdown hook may both ask
    }
    stopping = true;
    var channels = registered.values().stream().toList();
    channels.forEach(c -> c.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR)));
    long deadline = System.nanoTime() + grace.toNanos();
    while (System.nanoTime() < deadline && channels.stream().anyMatch(Supervisor::busy)) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    channels.forEach(Channel::close);
    exit.complete(0);
  }

  private static boolean busy(Channel channel) {
    var codec = channel.pipeline().get(Http2FrameCodec.class);
    return channel.isActive() && codec != null && codec.connection().numActiveStreams() > 0;
  }

  private static String describe(Throwable cause) {
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
