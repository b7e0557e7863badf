package dev.outpost.protocol;

import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.Optional;

/**
 * The event-loop transport of the data plane: epoll on Linux (fewer system calls and copies than
 * NIO, and unix domain sockets), NIO elsewhere. Channels must be made for the kind of group they
 * run on, so every bootstrap asks here rather than naming a class.
 */
public final class Transport {

  private Transport() {}

  /**
   * Write-buffer limits of every data-plane socket: with Netty's 32/64 KiB the relays paused their
   * readers all the time and bulk transfers crawled; these keep a few TLS records in flight.
   */
  public static final WriteBufferWaterMark WATER_MARK =
      new WriteBufferWaterMark(512 * 1024, 2 * 1024 * 1024);

  /**
   * Socket reads of up to 256 KiB (Netty stops at 64 KiB): a bulk transfer then takes a quarter of
   * the read and write system calls, and each flush carries a larger batch. Small exchanges still
   * read into small buffers (the size adapts to what the last reads brought).
   */
  public static final RecvByteBufAllocator READS =
      new AdaptiveRecvByteBufAllocator(64, 16 * 1024, 256 * 1024);

  /** Event loops of the best transport this system has. */
  public static EventLoopGroup group(int threads) {
    return Epoll.isAvailable() ? new EpollEventLoopGroup(threads) : new NioEventLoopGroup(threads);
  }

  public static Class<? extends Channel> socketChannel(EventLoopGroup group) {
    return isEpoll(group) ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  public static Class<? extends ServerChannel> serverChannel(EventLoopGroup group) {
    return isEpoll(group) ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  /** A UDP channel for {@code group}, for DNS lookups on its event loops. */
  public static Class<? extends DatagramChannel> datagramChannel(EventLoopGroup group) {
    return isEpoll(group) ? EpollDatagramChannel.class : NioDatagramChannel.class;
  }

  /** A unix domain socket channel for {@code group}, when its transport has one. */
  public static Optional<Class<? extends Channel>> domainSocketChannel(EventLoopGroup group) {
    return isEpoll(group) ? Optional.of(EpollDomainSocketChannel.class) : Optional.empty();
  }

  private static boolean isEpoll(EventLoopGroup group) {
    // An event loop of an epoll group is itself an EpollEventLoop, not an EpollEventLoopGroup.
    return group instanceof EpollEventLoopGroup
        || group.getClass().getName().startsWith("io.netty.channel.epoll.");
  }

  /** The transport's name, for logs and the benchmark report. */
  public static String name(EventLoopGroup group) {
    return isEpoll(group) ? "epoll" : "nio";
  }
}
