package dev.outpost.protocol.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which connection of a tunnel a request goes to. */
class ConnectionRegistryTest {

  private final ConnectionRegistry registry = new ConnectionRegistry();
  private final UUID tunnel = UUID.randomUUID();

  private TunnelConnection connection(int streams) {
    var connection =
        new TunnelConnection(
            new EmbeddedChannel(),
            UUID.randomUUID(),
            tunnel,
            UUID.randomUUID(),
            UUID.randomUUID(),
            0,
            "test",
            "linux",
            "127.0.0.1",
            4);
    connection.countStream(streams);
    registry.add(connection);
    return connection;
  }

  @Test
  void fewestStreamsInFlightFirst() {
    connection(5);
    var idle = connection(1);
    connection(3);
    assertThat(registry.pick(tunnel, null)).containsSame(idle);
    assertThat(registry.pick(UUID.randomUUID(), null)).isEmpty();
  }

  @ParameterizedTest(name = "own loop with {0} streams, other with {1}: own loop wins {2}")
  @CsvSource({"0, 0, true", "8, 1, true", "9, 1, true", "10, 1, false", "20, 3, false"})
  void aConnectionOnTheCallersLoopCountsAsEightStreamsFewer(
      int ownStreams, int otherStreams, boolean ownWins) {
    var own = connection(ownStreams);
    var other = connection(otherStreams);
    var picked = registry.pick(tunnel, own.channel().eventLoop()).orElseThrow();
    assertThat(picked).isSameAs(ownWins ? own : other);
  }

  @Test
  void closedConnectionsAreSkippedAndChangesAreReported() {
    var changed = new java.util.ArrayList<UUID>();
    registry.onChange(changed::add);
    var closing = connection(0);
    var open = connection(4);
    closing.channel().close();
    assertThat(registry.pick(tunnel, closing.channel().eventLoop())).containsSame(open);
    assertThat(registry.count(tunnel)).isEqualTo(1);
    registry.remove(closing);
    registry.remove(closing); // twice: reported once
    assertThat(changed).containsExactly(tunnel, tunnel, tunnel);
  }
}
