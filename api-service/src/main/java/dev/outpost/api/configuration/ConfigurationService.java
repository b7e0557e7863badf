package dev.outpost.api.configuration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.api.audit.AuditLog;
import dev.outpost.api.security.Caller;
import dev.outpost.api.security.Scope;
import dev.outpost.api.tunnel.TunnelEntity;
import dev.outpost.api.tunnel.TunnelEvents;
import dev.outpost.api.tunnel.TunnelService;
import dev.outpost.events.TunnelLifecycleEvent;
import dev.outpost.ingress.IngressException;
import dev.outpost.ingress.IngressTable;
import dev.outpost.service.problem.Problem;
import dev.outpost.service.problem.ProblemException;
import dev.outpost.service.web.Page;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * The remote-managed configuration of a tunnel: ingress rules in cloudflared's shape, validated by
 * the same code the connector matches with ({@link IngressTable}). Every accepted change gets the
 * next version; earlier versions stay readable.
 */
@ApplicationScoped
public class ConfigurationService {

  private static final TypeReference<Map<String, Object>> DOCUMENT = new TypeReference<>() {};

  private final TunnelService tunnels;
  private final TunnelConfigurationRepository configurations;
  private final TunnelEvents events;
  private final AuditLog audit;
  private final ObjectMapper json;

  ConfigurationService(
      TunnelService tunnels,
      TunnelConfigurationRepository configurations,
      TunnelEvents events,
      AuditLog audit,
      ObjectMapper json) {
    this.tunnels = tunnels;
    this.configurations = configurations;
    this.events = events;
    this.audit = audit;
    this.json = json;
  }

  /** One version of a configuration; {@code config} is null for version 0 (none yet). */
  public record ConfigurationView(
      UUID tunnelId,
      int version,
      Map<String, Object> config,
      OffsetDateTime createdAt,
      String createdBy) {}

  @WithSession
  public Uni<ConfigurationView> current(Caller caller, UUID tunnelId) {
    caller.require(Scope.TUNNELS_READ);
    return tunnels.live(caller, tunnelId).flatMap(this::currentOf);
  }

  @WithTransaction
  public Uni<ConfigurationView> replace(Caller caller, UUID tunnelId, Map<String, Object> config) {
    caller.require(Scope.TUNNELS_WRITE);
    if (config == null) {
      throw ProblemException.invalid("config", "is required: {\"config\": {\"ingress\": [...]}}");
    }
    Map<String, Object> canonical;
    try {
      canonical = IngressTable.parse(config).toMap();
    } catch (IngressException e) {
      throw ProblemException.invalid(
          e.violations().stream()
              .map(v -> new Problem.FieldError("config." + v.field(), v.message()))
              .toList());
    }
    return tunnels
        .live(caller, tunnelId)
        .invoke(
            tunnel -> {
              if (!"remote".equals(tunnel.configSource)) {
                throw ProblemException.conflict(
                    "tunnel "
                        + tunnelId
                        + " is managed locally (by its connector's config.yml); create it with"
                        + " configSource remote to manage it here");
              }
            })
        .flatMap(
            tunnel ->
                currentOf(tunnel).flatMap(current -> store(caller, tunnel, current, canonical)));
  }

  private Uni<ConfigurationView> store(
      Caller caller,
      TunnelEntity tunnel,
      ConfigurationView current,
      Map<String, Object> canonical) {
    if (canonical.equals(current.config())) {
      return Uni.createFrom().item(current); // nothing changed: no new version
    }
    var version = new TunnelConfigurationEntity();
    version.tunnelId = tunnel.id;
    version.version = tunnel.configVersion + 1;
    version.config = write(canonical);
    version.createdAt = OffsetDateTime.now();
    version.createdBy = caller.actorType() + ":" + caller.actorId();
    tunnel.configVersion = version.version;
    tunnel.revision++;
    return configurations
        .persist(version)
        .call(() -> events.changed(tunnel, TunnelLifecycleEvent.CONFIGURATION_CHANGED))
        .call(
            () ->
                audit.record(
                    caller,
                    "tunnel.configuration-updated",
                    "tunnel",
                    tunnel.id.toString(),
                    Map.of("version", version.version)))
        .map(this::view);
  }

  @WithSession
  public Uni<Page<ConfigurationView>> history(
      Caller caller, UUID tunnelId, Integer limit, String cursor) {
    caller.require(Scope.TUNNELS_READ);
    int size = Page.size(limit);
    var before = Page.numericCursor(cursor);
    return tunnels
        .live(caller, tunnelId)
        .flatMap(
            tunnel ->
                configurations.history(
                    tunnel.id, before == null ? null : before.intValue(), size + 1))
        .map(
            versions ->
                Page.of(
                    versions.stream().map(this::view).toList(),
                    size,
                    v -> Integer.toString(v.version())));
  }

  @WithSession
  public Uni<ConfigurationView> version(Caller caller, UUID tunnelId, int version) {
    caller.require(Scope.TUNNELS_READ);
    return tunnels
        .live(caller, tunnelId)
        .flatMap(tunnel -> configurations.findVersion(tunnel.id, version))
        .map(
            found -> {
              if (found == null) {
                throw ProblemException.notFound("configuration version " + version);
              }
              return view(found);
            });
  }

  private Uni<ConfigurationView> currentOf(TunnelEntity tunnel) {
    if (tunnel.configVersion == 0) {
      return Uni.createFrom().item(new ConfigurationView(tunnel.id, 0, null, null, null));
    }
    return configurations.findVersion(tunnel.id, tunnel.configVersion).map(this::view);
  }

  private ConfigurationView view(TunnelConfigurationEntity entity) {
    try {
      return new ConfigurationView(
          entity.tunnelId,
          entity.version,
          json.readValue(entity.config, DOCUMENT),
          entity.createdAt,
          entity.createdBy);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored configuration is not JSON", e);
    }
  }

  private String write(Map<String, Object> document) {
    try {
      return json.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a canonical configuration is always JSON", e);
    }
  }
}
