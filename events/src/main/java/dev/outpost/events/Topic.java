package dev.outpost.events;

import java.util.Map;

/**
 * The Kafka topics the services talk through. One place names them, so the services' channel
 * configuration, the local launcher and the deployment manifests cannot drift apart.
 *
 * <p>State that a router must rebuild after a restart lives in compacted topics keyed by the
 * entity's id: the newest record per key is the current state, a tombstone removes it.
 */
public enum Topic {
  /**
   * Tunnel configuration records (tenant, state, secret hash, ingress, version), keyed by tunnel
   * id.
   */
  TUNNEL_CONFIGURATIONS("outpost.tunnel-configurations", Retention.COMPACTED),
  /** Hostname route records, keyed by hostname; a tombstone on unbind. */
  HOSTNAME_ROUTES("outpost.hostname-routes", Retention.COMPACTED),
  /** Access applications with their policies, keyed by application id. */
  ACCESS_APPLICATIONS("outpost.access-applications", Retention.COMPACTED),
  /** Service tokens (client id, secret hash, expiry, revocation), keyed by token id. */
  SERVICE_TOKENS("outpost.service-tokens", Retention.COMPACTED),
  /** Tenants with their zones, keyed by tenant id; a tombstone when a tenant is deleted. */
  TENANTS("outpost.tenants", Retention.COMPACTED),
  /**
   * The access-service's public signing keys (JWK), keyed by key id; a tombstone when a key is
   * retired. Routers verify access tokens with them and never hold a private key.
   */
  ACCESS_SIGNING_KEYS("outpost.access-signing-keys", Retention.COMPACTED),
  /**
   * Routers that take requests from their peers, with their peer listener's address, keyed by
   * router id ({@link RouterRecord}).
   */
  ROUTERS("outpost.routers", Retention.COMPACTED),
  /**
   * Which routers hold connections of which tunnels, keyed by tunnel and router ({@link
   * TunnelPresenceRecord}): where a router without a connection sends a request.
   */
  TUNNEL_PRESENCE("outpost.tunnel-presence", Retention.COMPACTED),
  /**
   * Connector events from the routers (connected, disconnected, config applied), keyed by tunnel
   * id.
   */
  CONNECTOR_EVENTS("outpost.connector-events", Retention.TIME),
  /** Tunnel lifecycle and health events for webhooks and anyone else, keyed by tunnel id. */
  TUNNEL_EVENTS("outpost.tunnel-events", Retention.TIME),
  /** Every access decision the edge took (allowed, denied, ...), keyed by application id. */
  ACCESS_DECISIONS("outpost.access-decisions", Retention.TIME);

  /** How long a topic keeps its records. */
  public enum Retention {
    /** Keep the newest record per key forever. */
    COMPACTED,
    /** Keep every record for a week, then drop it. */
    TIME
  }

  private static final long WEEK_MS = 7L * 24 * 60 * 60 * 1000;

  private final String topicName;
  private final Retention retention;

  Topic(String topicName, Retention retention) {
    this.topicName = topicName;
    this.retention = retention;
  }

  /** The topic's name on the broker. */
  public String topicName() {
    return topicName;
  }

  public Retention retention() {
    return retention;
  }

  /** Partitions when the topic is created; keys keep one entity's records in order. */
  public int partitions() {
    return 6;
  }

  /** The broker-side topic configuration to create the topic with. */
  public Map<String, String> brokerConfig() {
    return switch (retention) {
      case COMPACTED ->
          Map.of(
              "cleanup.policy", "compact",
              // Tombstones must outlive a router's restart so it sees the delete.
              "delete.retention.ms", Long.toString(WEEK_MS),
              "min.compaction.lag.ms", "0");
      case TIME -> Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(WEEK_MS));
    };
  }
}
