package dev.outpost.router.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outpost.events.HostnameRouteRecord;
import dev.outpost.events.TunnelConfigurationRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;

class RoutingViewTest {

  private static final UUID ACME = UUID.randomUUID();
  private static final UUID OTHER_TENANT = UUID.randomUUID();
  private static final UUID APP = UUID.randomUUID();
  private static final UUID WILD = UUID.randomUUID();
  private static final UUID WILD_B = UUID.randomUUID();
  private static final UUID DEAD = UUID.randomUUID();
  private static final UUID UNKNOWN = UUID.randomUUID();
  private static final byte[] SECRET = "the-tunnel-secret".getBytes(StandardCharsets.UTF_8);

  private RoutingView view;

  @BeforeEach
  void setUp() {
    view = new RoutingView();
    view.applyTunnel(tunnel(APP, 1, TunnelConfigurationRecord.ACTIVE));
    view.applyTunnel(tunnel(WILD, 1, TunnelConfigurationRecord.ACTIVE));
    view.applyTunnel(tunnel(WILD_B, 1, TunnelConfigurationRecord.ACTIVE));
    view.applyTunnel(tunnel(DEAD, 1, TunnelConfigurationRecord.DELETED));
    bind("app.acme.example", APP);
    bind("*.acme.example", WILD);
    bind("*.b.acme.example", WILD_B);
    bind("dead.acme.example", DEAD);
    bind("*.dead.example", DEAD);
    bind("orphan.acme.example", UNKNOWN);
    bind("*.orphan.example", UNKNOWN);
    view.applyRoute(
        "stolen.acme.example", new HostnameRouteRecord("stolen.acme.example", OTHER_TENANT, APP));
  }

  static Stream<Arguments> requests() {
    return Stream.of(
        // exact hostnames, whatever the case, port or trailing dot
        Arguments.of("app.acme.example", "app.acme.example", APP),
        Arguments.of("APP.Acme.EXAMPLE", "app.acme.example", APP),
        Arguments.of("app.acme.example:8443", "app.acme.example", APP),
        Arguments.of("app.acme.example.", "app.acme.example", APP),
        Arguments.of("App.Acme.Example.:443", "app.acme.example", APP),
        // wildcards: any depth below, the longest suffix first, never the apex
        Arguments.of("x.acme.example", "*.acme.example", WILD),
        Arguments.of("x.y.acme.example", "*.acme.example", WILD),
        Arguments.of("a.b.acme.example", "*.b.acme.example", WILD_B),
        Arguments.of("deep.a.b.acme.example", "*.b.acme.example", WILD_B),
        Arguments.of("b.acme.example", "*.acme.example", WILD),
        Arguments.of("X.B.Acme.Example:80", "*.b.acme.example", WILD_B),
        Arguments.of("acme.example", null, null),
        // the most specific route decides, even when its tunnel cannot serve
        Arguments.of("dead.acme.example", null, null),
        Arguments.of("x.dead.example", null, null),
        Arguments.of("orphan.acme.example", null, null),
        Arguments.of("x.orphan.example", null, null),
        // a route naming another tenant's tunnel leads nowhere
        Arguments.of("stolen.acme.example", null, null),
        // nothing bound, or not a name a route can match
        Arguments.of("other.example", null, null),
        Arguments.of("example", null, null),
        Arguments.of("*.acme.example", null, null),
        Arguments.of(".acme.example", null, null),
        Arguments.of("x..acme.example", null, null),
        Arguments.of("[::1]:443", null, null),
        Arguments.of("::1", null, null),
        Arguments.of(":443", null, null),
        Arguments.of("", null, null),
        Arguments.of(null, null, null));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("requests")
  void resolvesTheRequestHost(String host, String pattern, UUID tunnel) {
    var route = view.route(host);
    if (pattern == null) {
      assertThat(route).isEmpty();
    } else {
      assertThat(route).hasValueSatisfying(r -> assertThat(r.hostname()).isEqualTo(pattern));
      assertThat(route.get().tunnel().tunnelId()).isEqualTo(tunnel);
    }
  }

  @ParameterizedTest(name = "held {0}, then {1}: changed {2}, holds {3}")
  @CsvSource({"0, 1, true, 1", "1, 2, true, 2", "2, 2, false, 2", "3, 2, false, 3"})
  void keepsTheNewestRevision(long held, long incoming, boolean changed, long holds) {
    var id = UUID.randomUUID();
    if (held > 0) {
      view.applyTunnel(tunnel(id, held, TunnelConfigurationRecord.ACTIVE));
    }

    assertThat(view.applyTunnel(tunnel(id, incoming, TunnelConfigurationRecord.ACTIVE)))
        .isEqualTo(changed);
    assertThat(view.tunnel(id)).hasValueSatisfying(t -> assertThat(t.revision()).isEqualTo(holds));
  }

  @Test
  void aStaleRecordCannotReviveADeletedTunnel() {
    view.applyTunnel(tunnel(APP, 2, TunnelConfigurationRecord.DELETED));

    assertThat(view.applyTunnel(tunnel(APP, 1, TunnelConfigurationRecord.ACTIVE))).isFalse();
    assertThat(view.route("app.acme.example")).isEmpty();
    assertThat(view.verify(APP, SECRET)).isEqualTo(SecretCheck.DELETED);
  }

  @Test
  void aNewerRevisionReplacesTheTunnelOfItsRoutes() {
    view.applyTunnel(
        new TunnelConfigurationRecord(
            APP, ACME, "renamed", "active", hash(SECRET), "remote", Map.of("a", 1), 3, 5));

    assertThat(view.route("app.acme.example").orElseThrow().tunnel())
        .extracting(TunnelState::name, TunnelState::configVersion, TunnelState::ingress)
        .containsExactly("renamed", 3, Map.of("a", 1));
  }

  @Test
  void aTombstoneUnbindsAHostname() {
    assertThat(view.applyRoute("app.acme.example", null)).isTrue();

    // Unbinding the exact name uncovers the wildcard, as the binding's owner intends.
    assertThat(view.route("app.acme.example").orElseThrow().hostname()).isEqualTo("*.acme.example");
    assertThat(view.applyRoute("app.acme.example", null)).isFalse();
  }

  @Test
  void aTombstoneUnbindsAWildcard() {
    view.applyRoute("*.b.acme.example", null);

    assertThat(view.route("a.b.acme.example").orElseThrow().hostname()).isEqualTo("*.acme.example");
  }

  @Test
  void rebindingMovesAHostnameAndRepeatingChangesNothing() {
    assertThat(bind("app.acme.example", WILD)).isTrue();
    assertThat(bind("app.acme.example", WILD)).isFalse();

    assertThat(view.route("app.acme.example").orElseThrow().tunnel().tunnelId()).isEqualTo(WILD);
  }

  @Test
  void routeKeysAreLowerCasedWithoutTheTrailingDot() {
    bind("Shop.Acme.Example.", APP);

    assertThat(view.route("shop.acme.example").orElseThrow().hostname())
        .isEqualTo("shop.acme.example");
  }

  @Test
  void aRouteArrivingBeforeItsTunnelResolvesOnceTheTunnelArrives() {
    var late = UUID.randomUUID();
    bind("late.acme.example", late);
    assertThat(view.route("late.acme.example")).isEmpty();

    view.applyTunnel(tunnel(late, 1, TunnelConfigurationRecord.ACTIVE));

    assertThat(view.route("late.acme.example")).isPresent();
  }

  static Stream<Arguments> secrets() {
    var other = "rotated-away".getBytes(StandardCharsets.UTF_8);
    return Stream.of(
        Arguments.of("active", hash(SECRET), SECRET, SecretCheck.OK),
        Arguments.of("active", hash(SECRET).toUpperCase(), SECRET, SecretCheck.OK),
        Arguments.of("active", hash(SECRET), other, SecretCheck.WRONG_SECRET),
        Arguments.of("active", hash(SECRET), new byte[0], SecretCheck.WRONG_SECRET),
        Arguments.of("active", "not-hex", SECRET, SecretCheck.WRONG_SECRET),
        Arguments.of("active", hash(SECRET).substring(2), SECRET, SecretCheck.WRONG_SECRET),
        Arguments.of("deleted", hash(SECRET), SECRET, SecretCheck.DELETED),
        Arguments.of("suspended", hash(SECRET), SECRET, SecretCheck.DELETED),
        Arguments.of(null, null, SECRET, SecretCheck.UNKNOWN_TUNNEL));
  }

  @ParameterizedTest(name = "{0} tunnel, hash {1}: {3}")
  @MethodSource("secrets")
  void verifiesTheConnectorSecret(
      String state, String held, byte[] presented, SecretCheck expected) {
    var id = UUID.randomUUID();
    if (state != null) {
      view.applyTunnel(
          new TunnelConfigurationRecord(id, ACME, "t", state, held, "local", null, 0, 1));
    }

    assertThat(view.verify(id, presented)).isEqualTo(expected);
  }

  @Test
  void countsTunnelsAndRoutes() {
    assertThat(view.tunnelCount()).isEqualTo(4);
    assertThat(view.activeTunnelCount()).isEqualTo(3);
    assertThat(view.routeCount()).isEqualTo(8);
  }

  static Stream<Arguments> incompleteTunnels() {
    var id = UUID.randomUUID();
    return Stream.of(
        Arguments.of(
            new TunnelConfigurationRecord(null, ACME, "t", "active", "aa", "l", null, 0, 1)),
        Arguments.of(new TunnelConfigurationRecord(id, null, "t", "active", "aa", "l", null, 0, 1)),
        Arguments.of(new TunnelConfigurationRecord(id, ACME, "t", null, "aa", "l", null, 0, 1)),
        Arguments.of(
            new TunnelConfigurationRecord(id, ACME, "t", "active", null, "l", null, 0, 1)));
  }

  @ParameterizedTest
  @MethodSource("incompleteTunnels")
  void refusesAnIncompleteTunnelRecord(TunnelConfigurationRecord record) {
    assertThatThrownBy(() -> view.applyTunnel(record))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("tunnel configuration record without ");
    assertThat(view.tunnelCount()).isEqualTo(4);
  }

  @Test
  void refusesARouteWithoutATunnel() {
    assertThatThrownBy(
            () ->
                view.applyRoute(
                    "x.acme.example", new HostnameRouteRecord("x.acme.example", ACME, null)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @NullAndEmptySource
  void anIngressDocumentIsKeptAsIsOrAbsent(Map<String, Object> ingress) {
    var id = UUID.randomUUID();
    view.applyTunnel(
        new TunnelConfigurationRecord(
            id, ACME, "t", "active", hash(SECRET), "remote", ingress, 0, 1));

    assertThat(view.tunnel(id).orElseThrow().ingress()).isEqualTo(ingress);
  }

  @Test
  void aTunnelTombstoneForgetsTheTunnel() {
    assertThat(view.removeTunnel(APP)).isTrue();

    assertThat(view.tunnel(APP)).isEmpty();
    assertThat(view.route("app.acme.example")).isEmpty();
    assertThat(view.verify(APP, SECRET)).isEqualTo(SecretCheck.UNKNOWN_TUNNEL);
  }

  private boolean bind(String hostname, UUID tunnel) {
    return view.applyRoute(hostname, new HostnameRouteRecord(hostname, ACME, tunnel));
  }

  private static TunnelConfigurationRecord tunnel(UUID id, long revision, String state) {
    return new TunnelConfigurationRecord(
        id, ACME, "tunnel-" + revision, state, hash(SECRET), "local", null, 0, revision);
  }

  static String hash(byte[] secret) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
