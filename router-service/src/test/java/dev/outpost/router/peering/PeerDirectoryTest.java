package dev.outpost.router.peering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PeerDirectoryTest {

  private final AtomicLong now = new AtomicLong();
  private final PeerDirectory directory = new PeerDirectory("me", Duration.ofSeconds(30), now::get);
  private final UUID tunnel = UUID.randomUUID();
  private final InetSocketAddress b = InetSocketAddress.createUnresolved("10.0.0.2", 7845);
  private final InetSocketAddress c = InetSocketAddress.createUnresolved("10.0.0.3", 7845);

  @Test
  void aTunnelHeldByAKnownRouterGoesThere() {
    directory.router("b", b);
    directory.presence(tunnel, "b", 2);
    assertThat(directory.peerFor(tunnel)).hasValue(b);
    assertThat(directory.peerFor(UUID.randomUUID())).isEmpty();
  }

  @Test
  void presenceWithoutAnAddressOrAfterTheLastConnectionIsNoPeer() {
    directory.presence(tunnel, "b", 1);
    assertThat(directory.peerFor(tunnel)).as("no router record yet").isEmpty();
    directory.router("b", b);
    assertThat(directory.peerFor(tunnel)).hasValue(b);
    directory.presence(tunnel, "b", 0);
    assertThat(directory.peerFor(tunnel)).isEmpty();
  }

  @Test
  void aRouterNotHeardOfWithinTheExpiryOrGoneIsSkipped() {
    directory.router("b", b);
    directory.router("c", c);
    directory.presence(tunnel, "b", 1);
    directory.presence(tunnel, "c", 1);
    now.addAndGet(Duration.ofSeconds(20).toNanos());
    directory.router("c", c); // c refreshed, b did not
    now.addAndGet(Duration.ofSeconds(15).toNanos());
    for (int i = 0; i < 20; i++) {
      assertThat(directory.peerFor(tunnel)).hasValue(c);
    }
    directory.routerGone("c");
    assertThat(directory.peerFor(tunnel)).isEmpty();
  }

  @Test
  void severalHoldersShareTheLoad() {
    directory.router("b", b);
    directory.router("c", c);
    directory.presence(tunnel, "b", 1);
    directory.presence(tunnel, "c", 4);
    var picked = new HashSet<InetSocketAddress>();
    for (int i = 0; i < 200; i++) {
      picked.add(directory.peerFor(tunnel).orElseThrow());
    }
    assertThat(picked).containsExactlyInAnyOrder(b, c);
  }

  @Test
  void aRouterIsNeverItsOwnPeer() {
    directory.router("me", b);
    directory.presence(tunnel, "me", 3);
    assertThat(directory.peerFor(tunnel)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "10.0.0.2:7845, 10.0.0.2, 7845",
    "router-b.outpost.svc:7845, router-b.outpost.svc, 7845",
    "'[fd00::2]:7845', fd00::2, 7845"
  })
  void peerAddresses(String text, String host, int port) {
    var address = PeerDirectory.address(text);
    assertThat(address.getHostString()).isEqualTo(host);
    assertThat(address.getPort()).isEqualTo(port);
  }

  @ParameterizedTest
  @CsvSource({"router-b", "router-b:", ":7845", "host:port"})
  void badPeerAddresses(String text) {
    assertThatThrownBy(() -> PeerDirectory.address(text))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
