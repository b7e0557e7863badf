package dev.outpost.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TopicTest {

  @Test
  void topicNamesAreUniqueAndNamespaced() {
    var names = Arrays.stream(Topic.values()).map(Topic::topicName).toList();
    assertThat(names).doesNotHaveDuplicates().allMatch(n -> n.startsWith("outpost."));
  }

  @ParameterizedTest
  @EnumSource(
      value = Topic.class,
      names = {
        "TUNNEL_CONFIGURATIONS",
        "HOSTNAME_ROUTES",
        "ACCESS_APPLICATIONS",
        "SERVICE_TOKENS",
        "TENANTS",
        "ACCESS_SIGNING_KEYS",
        "ROUTERS",
        "TUNNEL_PRESENCE"
      })
  void stateTopicsAreCompactedSoARouterCanRebuildItsView(Topic topic) {
    assertThat(topic.brokerConfig()).containsEntry("cleanup.policy", "compact");
  }

  @ParameterizedTest
  @EnumSource(
      value = Topic.class,
      names = {"CONNECTOR_EVENTS", "TUNNEL_EVENTS", "ACCESS_DECISIONS"})
  void eventTopicsExpire(Topic topic) {
    assertThat(topic.brokerConfig())
        .containsEntry("cleanup.policy", "delete")
        .containsKey("retention.ms");
  }
}
