package dev.outpost.protocol.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** Keep-alive connections to origins: what is kept, what is handed out, what leaves. */
class OriginPoolTest {

  private static final String ORIGIN = "http://127.0.0.1:8080";

  private final OriginPool pool = new OriginPool();

  /** A connection as the exchange builds one: its link is the last handler. */
  private static EmbeddedChannel connection() {
    return new EmbeddedChannel(new OriginLink(new ChannelInboundHandlerAdapter()));
  }

  /** One request served on {@code channel} (taken from the pool when it was there), then back. */
  private void serveOnce(EmbeddedChannel channel) {
    channel.pipeline().get(OriginLink.class).serve(new ChannelInboundHandlerAdapter());
    channel.pipeline().get(OriginLink.class).idle();
    pool.give(channel.eventLoop(), ORIGIN, channel, 100);
  }

  @Test
  void aConnectionGivenBackIsHandedOutForTheNextRequest() {
    var channel = connection();
    serveOnce(channel);

    assertThat(pool.take(channel.eventLoop(), ORIGIN)).isSameAs(channel);
    assertThat(pool.take(channel.eventLoop(), ORIGIN)).isNull();
  }

  @Test
  void anIdleConnectionTheOriginClosesLeavesThePool() {
    var channel = connection();
    for (int i = 0; i < 1_000; i++) {
      serveOnce(channel);
      assertThat(pool.take(channel.eventLoop(), ORIGIN)).isSameAs(channel);
    }
    serveOnce(channel);
    assertThat(pool.idleCount(channel.eventLoop(), ORIGIN)).isEqualTo(1);

    channel.close();
    channel.runPendingTasks();

    assertThat(pool.idleCount(channel.eventLoop(), ORIGIN)).isZero();
    assertThat(pool.take(channel.eventLoop(), ORIGIN)).isNull();
  }

  @Test
  void aConnectionServingARequestIsNotInThePool() {
    var channel = connection();
    serveOnce(channel);
    assertThat(pool.take(channel.eventLoop(), ORIGIN)).isSameAs(channel);
    channel.pipeline().get(OriginLink.class).serve(new ChannelInboundHandlerAdapter());

    channel.close(); // the answer's handler deals with it; the pool has nothing to drop

    assertThat(pool.idleCount(channel.eventLoop(), ORIGIN)).isZero();
  }

  @Test
  void beyondTheLimitAConnectionIsClosedNotKept() {
    var first = connection();
    var second = connection();
    pool.give(first.eventLoop(), ORIGIN, first, 1);
    pool.give(first.eventLoop(), ORIGIN, second, 1); // the same loop's pool, already full

    assertThat(second.isOpen()).isFalse();
    assertThat(pool.idleCount(first.eventLoop(), ORIGIN)).isEqualTo(1);
  }

  @Test
  void aClosedConnectionIsNotKept() {
    Channel channel = connection();
    channel.close();

    pool.give(channel.eventLoop(), ORIGIN, channel, 100);

    assertThat(pool.idleCount(channel.eventLoop(), ORIGIN)).isZero();
  }
}
