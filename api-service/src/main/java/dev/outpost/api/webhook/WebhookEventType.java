package dev.outpost.api.webhook;

import dev.outpost.events.TunnelConnectorEvent;
import dev.outpost.events.TunnelHealthChanged;
import dev.outpost.events.TunnelLifecycleEvent;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a tenant can subscribe to, by the name the API and the delivered CloudEvent's {@code type}
 * use, and the tunnel events topic's CloudEvent type each one comes from.
 */
public enum WebhookEventType {
  TUNNEL_HEALTH_CHANGED("tunnel.health_changed", TunnelHealthChanged.TYPE),
  TUNNEL_CREATED("tunnel.created", TunnelLifecycleEvent.CREATED),
  TUNNEL_DELETED("tunnel.deleted", TunnelLifecycleEvent.DELETED),
  CONNECTOR_CONNECTED("connector.connected", TunnelConnectorEvent.CONNECTED),
  CONNECTOR_DISCONNECTED("connector.disconnected", TunnelConnectorEvent.DISCONNECTED),
  TUNNEL_CONFIG_APPLIED("tunnel.config_applied", TunnelConnectorEvent.CONFIG_APPLIED),
  /** Another subscription of the tenant was disabled because its deliveries kept failing. */
  WEBHOOK_DISABLED("webhook.disabled", null),
  /** Sent on request to one subscription ("send test event"); not subscribable. */
  WEBHOOK_TEST("webhook.test", null);

  private final String wireName;
  private final String topicType;

  WebhookEventType(String wireName, String topicType) {
    this.wireName = wireName;
    this.topicType = topicType;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<WebhookEventType> ofWireName(String name) {
    return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
  }

  /** The type a tunnel events topic record of CloudEvent type {@code type} is delivered as. */
  public static Optional<WebhookEventType> ofTopicType(String type) {
    return Arrays.stream(values())
        .filter(t -> t.topicType != null && t.topicType.equals(type))
        .findFirst();
  }

  /** The names a subscription may list. */
  public static List<String> subscribable() {
    return Arrays.stream(values())
        .filter(t -> t != WEBHOOK_TEST)
        .map(WebhookEventType::wireName)
        .toList();
  }
}
