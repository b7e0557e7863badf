package dev.outpost.system;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay in front of the edge that lets only {@code limit} connections through at a time and
 * closes any more at once: the network trouble that leaves a connector with fewer connections than
 * it means to hold. Bytes pass untouched (TLS is end to end). One virtual thread per direction.
 */
final class ConnectionLimiter implements AutoCloseable {

  private final ServerSocket server;
  private final InetSocketAddress target;
  private final int limit;
  private final AtomicInteger open = new AtomicInteger();

  ConnectionLimiter(InetSocketAddress target, int limit) throws IOException {
    this.target = target;
    this.limit = limit;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().name("limiter-accept").start(this::accept);
  }

  /** Where connectors dial instead of the edge. */
  String address() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException closed) {
        return;
      }
      if (open.incrementAndGet() > limit) {
        open.decrementAndGet();
        closeQuietly(client);
        continue;
      }
      try {
        var upstream = new Socket(target.getAddress(), target.getPort());
        var released = new AtomicBoolean();
        Runnable release =
            () -> {
              if (released.compareAndSet(false, true)) {
                open.decrementAndGet();
                closeQuietly(client);
                closeQuietly(upstream);
              }
            };
        Thread.ofVirtual().start(() -> pump(client, upstream, release));
        Thread.ofVirtual().start(() -> pump(upstream, client, release));
      } catch (IOException e) {
        open.decrementAndGet();
        closeQuietly(client);
      }
    }
  }

  /** Copies one direction; when it ends, the connection closes and its slot is free again. */
  private static void pump(Socket from, Socket to, Runnable release) {
    try {
      from.getInputStream().transferTo(to.getOutputStream());
    } catch (IOException ended) {
      // either side went away
    } finally {
      release.run();
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
