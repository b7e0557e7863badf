package dev.outpost.api.tunnel;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.api.configuration.TunnelConfigurationRepository;
import dev.outpost.events.HostnameRouteRecord;
import dev.outpost.events.Topic;
import dev.outpost.events.TunnelConfigurationRecord;
import dev.outpost.events.TunnelLifecycleEvent;
import dev.outpost.service.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * What other services hear about tunnels and routes, written to the outbox in the caller's
 * transaction: the tunnel's configuration record (compacted, newest revision wins), a lifecycle
 * event, and route records.
 */
@ApplicationScoped
public class TunnelEvents {

  private static final TypeReference<Map<String, Object>> DOCUMENT = new TypeReference<>() {};

  private final Outbox outbox;
  private final TunnelConfigurationRepository configurations;
  private final ObjectMapper json;

  TunnelEvents(Outbox outbox, TunnelConfigurationRepository configurations, ObjectMapper json) {
    this.outbox = outbox;
    this.configurations = configurations;
    this.json = json;
  }

  /** The tunnel's current configuration record, and the lifecycle event {@code type}. */
  public Uni<Void> changed(TunnelEntity tunnel, String type) {
    return configurationRecord(tunnel)
        .flatMap(
            record ->
                outbox.enqueue(
                    Topic.TUNNEL_CONFIGURATIONS,
                    tunnel.id.toString(),
                    TunnelConfigurationRecord.TYPE,
                    record))
        .flatMap(
            id ->
                outbox.enqueue(
                    Topic.TUNNEL_EVENTS,
                    tunnel.id.toString(),
                    type,
                    new TunnelLifecycleEvent(
                        tunnel.id,
                        tunnel.tenantId,
                        tunnel.name,
                        tunnel.revision,
                        OffsetDateTime.now())))
        .replaceWithVoid();
  }

  public Uni<Void> routeBound(HostnameRouteRecord route) {
    return outbox
        .enqueue(Topic.HOSTNAME_ROUTES, route.hostname(), HostnameRouteRecord.TYPE, route)
        .replaceWithVoid();
  }

  public Uni<Void> routeUnbound(String hostname) {
    return outbox
        .enqueueTombstone(Topic.HOSTNAME_ROUTES, hostname, HostnameRouteRecord.TYPE)
        .replaceWithVoid();
  }

  private Uni<TunnelConfigurationRecord> configurationRecord(TunnelEntity tunnel) {
    Uni<Map<String, Object>> ingress =
        tunnel.configVersion == 0
            ? Uni.createFrom().nullItem()
            : configurations
                .findVersion(tunnel.id, tunnel.configVersion)
                .map(c -> c == null ? null : parse(c.config));
    return ingress.map(
        document ->
            new TunnelConfigurationRecord(
                tunnel.id,
                tunnel.tenantId,
                tunnel.name,
                tunnel.deletedAt == null
                    ? TunnelConfigurationRecord.ACTIVE
                    : TunnelConfigurationRecord.DELETED,
                tunnel.secretHash,
                tunnel.configSource,
                document,
                tunnel.configVersion,
                tunnel.revision));
  }

  private Map<String, Object> parse(String document) {
    try {
      return json.readValue(document, DOCUMENT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
