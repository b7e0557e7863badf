package dev.outpost.api.tunnel.health;

import static dev.outpost.api.tunnel.health.TunnelHealth.DEGRADED;
import static dev.outpost.api.tunnel.health.TunnelHealth.DOWN;
import static dev.outpost.api.tunnel.health.TunnelHealth.HEALTHY;
import static dev.outpost.api.tunnel.health.TunnelHealth.INACTIVE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.api.tunnel.health.TunnelHealth.ConnectorConnections;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TunnelHealthTest {

  private static ConnectorConnections connector(int open, int expected) {
    return new ConnectorConnections(open, expected);
  }

  @Test
  void statusFollowsTheConnections() {
    assertThat(TunnelHealth.of(false, List.of())).isEqualTo(INACTIVE);
    assertThat(TunnelHealth.of(true, List.of())).isEqualTo(DOWN);
    assertThat(TunnelHealth.of(true, List.of(connector(0, 4)))).isEqualTo(DOWN);
    assertThat(TunnelHealth.of(true, List.of(connector(4, 4)))).isEqualTo(HEALTHY);
    assertThat(TunnelHealth.of(true, List.of(connector(3, 4)))).isEqualTo(DEGRADED);
    // One complete connector is enough; another one's missing connections do not matter.
    assertThat(TunnelHealth.of(true, List.of(connector(2, 4), connector(4, 4)))).isEqualTo(HEALTHY);
    assertThat(TunnelHealth.of(true, List.of(connector(1, 1)))).isEqualTo(HEALTHY);
    assertThat(TunnelHealth.of(false, List.of(connector(1, 4)))).isEqualTo(DEGRADED);
    assertThat(HEALTHY.wireName()).isEqualTo("healthy");
  }

  private final Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
  private final HealthDamper damper = new HealthDamper(HEALTHY, Duration.ofSeconds(2));

  @Test
  void aReconnectWithinTheHoldIsNeverAnnounced() {
    assertThat(damper.observe(DEGRADED, t0)).isEmpty();
    assertThat(damper.nextDue()).hasValue(t0.plusSeconds(2));
    assertThat(damper.observe(DOWN, t0.plusMillis(300))).isEmpty();
    assertThat(damper.observe(HEALTHY, t0.plusMillis(900))).isEmpty();
    assertThat(damper.due(t0.plusSeconds(5))).isEmpty();
    assertThat(damper.announced()).isEqualTo(HEALTHY);
  }

  @Test
  void aRealOutageIsAnnouncedOnceTheHoldHasPassed() {
    assertThat(damper.observe(DOWN, t0)).isEmpty();
    assertThat(damper.due(t0.plusMillis(1999))).isEmpty();
    var change = damper.due(t0.plusSeconds(2));
    assertThat(change).hasValue(new HealthDamper.Change(HEALTHY, DOWN, t0.plusSeconds(2)));
    assertThat(damper.due(t0.plusSeconds(3))).isEmpty(); // once
  }

  @Test
  void healthyIsAnnouncedAtOnce() {
    var down = new HealthDamper(DOWN, Duration.ofSeconds(2));
    assertThat(down.observe(HEALTHY, t0)).hasValue(new HealthDamper.Change(DOWN, HEALTHY, t0));
    var degraded = new HealthDamper(DEGRADED, Duration.ofSeconds(2));
    assertThat(degraded.observe(HEALTHY, t0))
        .hasValue(new HealthDamper.Change(DEGRADED, HEALTHY, t0));
  }

  @Test
  void aConnectorOpeningItsConnectionsGoesStraightToHealthy() {
    var inactive = new HealthDamper(INACTIVE, Duration.ofSeconds(2));
    // The first of four connections: degraded, but only for a moment.
    assertThat(inactive.observe(DEGRADED, t0)).isEmpty();
    assertThat(inactive.observe(DEGRADED, t0.plusMillis(100))).isEmpty();
    assertThat(inactive.observe(HEALTHY, t0.plusMillis(200)))
        .hasValue(new HealthDamper.Change(INACTIVE, HEALTHY, t0.plusMillis(200)));
    assertThat(inactive.nextDue()).isEmpty();
  }

  @Test
  void aConnectorThatNeverGetsAllItsConnectionsIsDegradedAfterTheHold() {
    var down = new HealthDamper(DOWN, Duration.ofSeconds(2));
    assertThat(down.observe(DEGRADED, t0)).isEmpty();
    assertThat(down.due(t0.plusSeconds(2)))
        .hasValue(new HealthDamper.Change(DOWN, DEGRADED, t0.plusSeconds(2)));
  }

  @Test
  void aTunnelFlappingBetweenDegradedAndDownIsAnnouncedAfterTwiceTheHold() {
    assertThat(damper.observe(DEGRADED, t0)).isEmpty();
    assertThat(damper.observe(DOWN, t0.plusMillis(1500))).isEmpty();
    assertThat(damper.observe(DEGRADED, t0.plusMillis(3000))).isEmpty();
    // Neither status lasted the hold, but the tunnel left healthy twice the hold ago.
    assertThat(damper.due(t0.plusMillis(3999))).isEmpty();
    assertThat(damper.due(t0.plusSeconds(4)))
        .hasValue(new HealthDamper.Change(HEALTHY, DEGRADED, t0.plusSeconds(4)));
  }

  @Test
  void anOutageAfterADegradationIsHeldFromWhenTheOutageBegan() {
    assertThat(damper.observe(DEGRADED, t0)).isEmpty();
    assertThat(damper.observe(DOWN, t0.plusSeconds(1))).isEmpty();
    // The hold counts from when DOWN began, so a real outage is late by at most the hold.
    assertThat(damper.due(t0.plusSeconds(2))).isEmpty();
    assertThat(damper.due(t0.plusSeconds(3)))
        .hasValue(new HealthDamper.Change(HEALTHY, DOWN, t0.plusSeconds(3)));
  }
}
