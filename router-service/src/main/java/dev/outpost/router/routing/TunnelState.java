package dev.outpost.router.routing;

import dev.outpost.events.TunnelConfigurationRecord;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What the router holds of one tunnel: the newest {@link TunnelConfigurationRecord} it has seen.
 *
 * @param state {@link TunnelConfigurationRecord#ACTIVE} or {@link
 *     TunnelConfigurationRecord#DELETED}
 * @param secretHash hex SHA-256 of the tunnel secret, compared with what a connector presents
 * @param ingress the remote-managed configuration document, unmodifiable (shallowly), or null
 */
public record TunnelState(
    UUID tunnelId,
    UUID tenantId,
    String name,
    String state,
    String secretHash,
    String configSource,
    Map<String, Object> ingress,
    int configVersion,
    long revision) {

  /**
   * Reads a record from the topic.
   *
   * @throws IllegalArgumentException naming the missing field, for the listener's log
   */
  public static TunnelState from(TunnelConfigurationRecord record) {
    require(record.tunnelId(), "tunnelId");
    require(record.tenantId(), "tenantId");
    require(record.state(), "state");
    require(record.secretHash(), "secretHash");
    // LinkedHashMap, not Map.copyOf: a JSON document may hold null values.
    var ingress =
        record.ingress() == null
            ? null
            : Collections.unmodifiableMap(new LinkedHashMap<>(record.ingress()));
    return new TunnelState(
        record.tunnelId(),
        record.tenantId(),
        record.name(),
        record.state(),
        record.secretHash(),
        record.configSource(),
        ingress,
        record.configVersion(),
        record.revision());
  }

  /**
   * Whether the tunnel may carry traffic. Anything but {@code active} refuses, including a state a
   * newer platform invents that this router does not know: unknown means closed.
   */
  public boolean active() {
    return TunnelConfigurationRecord.ACTIVE.equals(state);
  }

  private static void require(Object value, String field) {
    if (value == null) {
      throw new IllegalArgumentException("tunnel configuration record without " + field);
    }
  }
}
