package dev.outpost.router.routing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.outpost.events.HostnameRouteRecord;
import dev.outpost.events.Topic;
import dev.outpost.events.TunnelConfigurationRecord;
import dev.outpost.router.access.AccessViewListener;
import dev.outpost.router.support.RoutingTopics;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The routing view follows what the api-service writes to the real test broker. */
@QuarkusTest
class RoutingViewListenerTest {

  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private static final byte[] SECRET = "s3cret".getBytes(StandardCharsets.UTF_8);

  @Inject RoutingView view;
  @Inject CatchUp catchUp;

  private final RoutingTopics topics = new RoutingTopics();
  private final UUID tenant = UUID.randomUUID();
  // Every test uses names of its own: the broker and the view outlive each test.
  private final String zone = UUID.randomUUID() + ".example";

  @AfterEach
  void closeProducer() {
    topics.close();
  }

  @Test
  void aTunnelAndItsRouteResolve() {
    var tunnel = UUID.randomUUID();
    topics.tunnel(tunnel(tunnel, 1, TunnelConfigurationRecord.ACTIVE, "first"));
    topics.route(new HostnameRouteRecord("app." + zone, tenant, tunnel));

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(view.route("App." + zone + ":443"))
                    .hasValueSatisfying(
                        route -> {
                          assertThat(route.hostname()).isEqualTo("app." + zone);
                          assertThat(route.tunnel().tunnelId()).isEqualTo(tunnel);
                          assertThat(route.tunnel().ingress()).containsEntry("ingress", "x");
                        }));
    assertThat(view.verify(tunnel, SECRET)).isEqualTo(SecretCheck.OK);
  }

  @Test
  void aNewerRevisionReplacesAndAnOlderOneIsIgnored() {
    var tunnel = UUID.randomUUID();
    topics.tunnel(tunnel(tunnel, 1, TunnelConfigurationRecord.ACTIVE, "first"));
    topics.tunnel(tunnel(tunnel, 3, TunnelConfigurationRecord.ACTIVE, "third"));
    awaitConsumed(topics.tunnel(tunnel(tunnel, 2, TunnelConfigurationRecord.ACTIVE, "second")));

    assertThat(view.tunnel(tunnel))
        .hasValueSatisfying(
            state -> {
              assertThat(state.revision()).isEqualTo(3);
              assertThat(state.name()).isEqualTo("third");
            });
  }

  @Test
  void aTombstoneUnbindsTheHostname() {
    var tunnel = UUID.randomUUID();
    topics.tunnel(tunnel(tunnel, 1, TunnelConfigurationRecord.ACTIVE, "t"));
    topics.route(new HostnameRouteRecord("*." + zone, tenant, tunnel));
    await().atMost(PATIENCE).until(() -> view.route("a.b." + zone).isPresent());

    topics.unbind("*." + zone);

    await().atMost(PATIENCE).until(() -> view.route("a.b." + zone).isEmpty());
  }

  @Test
  void aDeletedTunnelsRouteResolvesToNothing() {
    var tunnel = UUID.randomUUID();
    topics.tunnel(tunnel(tunnel, 1, TunnelConfigurationRecord.ACTIVE, "t"));
    topics.route(new HostnameRouteRecord("app." + zone, tenant, tunnel));
    await().atMost(PATIENCE).until(() -> view.route("app." + zone).isPresent());

    topics.tunnel(tunnel(tunnel, 2, TunnelConfigurationRecord.DELETED, "t"));

    await().atMost(PATIENCE).until(() -> view.route("app." + zone).isEmpty());
    assertThat(view.verify(tunnel, SECRET)).isEqualTo(SecretCheck.DELETED);
  }

  @Test
  void unreadableRecordsAreSkippedAndTheStreamGoesOn() {
    var tunnel = UUID.randomUUID();
    topics.raw(Topic.TUNNEL_CONFIGURATIONS, tunnel.toString(), "{not json", "anything");
    topics.raw(Topic.TUNNEL_CONFIGURATIONS, "not-a-uuid", null, null);
    topics.raw(Topic.TUNNEL_CONFIGURATIONS, tunnel.toString(), "{\"name\":\"no id\"}", null);
    topics.raw(Topic.HOSTNAME_ROUTES, "x." + zone, "[]", "dev.outpost.route.v1");
    // Filed under another tunnel's key: compaction would never replace it, so it is refused.
    topics.raw(
        Topic.TUNNEL_CONFIGURATIONS,
        UUID.randomUUID().toString(),
        "{\"tunnelId\":\""
            + tunnel
            + "\",\"tenantId\":\""
            + tenant
            + "\",\"state\":\"active\",\"secretHash\":\"00\",\"revision\":1}",
        TunnelConfigurationRecord.TYPE);

    topics.tunnel(tunnel(tunnel, 2, TunnelConfigurationRecord.ACTIVE, "readable"));
    topics.route(new HostnameRouteRecord("x." + zone, tenant, tunnel));

    await().atMost(PATIENCE).until(() -> view.route("x." + zone).isPresent());
    assertThat(view.tunnel(tunnel).orElseThrow().name()).isEqualTo("readable");
  }

  @Test
  void readinessIsUpOnceTheViewCaughtUp() {
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                given()
                    .get("/q/health/ready")
                    .then()
                    .statusCode(200)
                    .body("checks.name", hasItem(RoutingViewReadiness.NAME))
                    .body(
                        "checks.find { it.name == '" + RoutingViewReadiness.NAME + "' }.status",
                        equalTo("UP")));
  }

  @Test
  void theViewsSizeIsAMetric() {
    var tunnel = UUID.randomUUID();
    topics.tunnel(tunnel(tunnel, 1, TunnelConfigurationRecord.ACTIVE, "t"));
    await().atMost(PATIENCE).until(() -> view.tunnel(tunnel).isPresent());

    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("outpost_router_tunnels{state=\"active\"}"))
        .body(containsString("outpost_router_tunnels{state=\"deleted\"}"))
        .body(containsString("outpost_router_routes "));
  }

  @Test
  void theChannelsReadThePlatformsTopicsWhole() {
    var config = ConfigProvider.getConfig();
    assertThat(topicOf(RoutingViewListener.TUNNELS_CHANNEL))
        .isEqualTo(Topic.TUNNEL_CONFIGURATIONS.topicName());
    assertThat(topicOf(RoutingViewListener.ROUTES_CHANNEL))
        .isEqualTo(Topic.HOSTNAME_ROUTES.topicName());
    assertThat(topicOf(AccessViewListener.APPLICATIONS_CHANNEL))
        .isEqualTo(Topic.ACCESS_APPLICATIONS.topicName());
    assertThat(topicOf(AccessViewListener.SERVICE_TOKENS_CHANNEL))
        .isEqualTo(Topic.SERVICE_TOKENS.topicName());
    assertThat(topicOf(AccessViewListener.SIGNING_KEYS_CHANNEL))
        .isEqualTo(Topic.ACCESS_SIGNING_KEYS.topicName());
    for (var channel :
        new String[] {
          RoutingViewListener.TUNNELS_CHANNEL,
          RoutingViewListener.ROUTES_CHANNEL,
          AccessViewListener.APPLICATIONS_CHANNEL,
          AccessViewListener.SERVICE_TOKENS_CHANNEL,
          AccessViewListener.SIGNING_KEYS_CHANNEL
        }) {
      var prefix = "mp.messaging.incoming." + channel + ".";
      assertThat(config.getValue(prefix + "auto.offset.reset", String.class)).isEqualTo("earliest");
      assertThat(config.getValue(prefix + "commit-strategy", String.class)).isEqualTo("ignore");
      // A group of this start's own: a reused group would resume where the last start stopped.
      assertThat(config.getValue(prefix + "group.id", String.class))
          .matches("outpost-router-[a-z]+-[0-9a-f-]{36}");
    }
  }

  private static String topicOf(String channel) {
    return ConfigProvider.getConfig()
        .getValue("mp.messaging.incoming." + channel + ".topic", String.class);
  }

  private void awaitConsumed(RecordMetadata sent) {
    var partition = new TopicPartition(sent.topic(), sent.partition());
    await().atMost(PATIENCE).until(() -> catchUp.lastApplied(partition) >= sent.offset());
  }

  private TunnelConfigurationRecord tunnel(UUID id, long revision, String state, String name) {
    return new TunnelConfigurationRecord(
        id,
        tenant,
        name,
        state,
        RoutingViewTest.hash(SECRET),
        "remote",
        Map.of("ingress", "x"),
        1,
        revision);
  }
}
