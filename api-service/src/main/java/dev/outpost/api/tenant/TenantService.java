package dev.outpost.api.tenant;

import dev.outpost.api.audit.AuditLog;
import dev.outpost.api.security.Caller;
import dev.outpost.service.hostname.Hostnames;
import dev.outpost.service.problem.Problem;
import dev.outpost.service.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/** Tenants and their zones, managed by the platform's operators. */
@ApplicationScoped
public class TenantService {

  private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  private final TenantRepository tenants;
  private final ZoneRepository zones;
  private final AuditLog audit;
  private final TenantEvents events;

  TenantService(
      TenantRepository tenants, ZoneRepository zones, AuditLog audit, TenantEvents events) {
    this.tenants = tenants;
    this.zones = zones;
    this.audit = audit;
    this.events = events;
  }

  /** A tenant with its zones, as the API shows it. */
  public record TenantView(
      UUID id, String slug, String displayName, List<String> zones, OffsetDateTime createdAt) {}

  @WithTransaction
  public Uni<TenantView> create(
      Caller caller, String slug, String displayName, List<String> zoneNames) {
    caller.requirePlatformAdmin();
    var errors = new ArrayList<Problem.FieldError>();
    if (slug == null || !SLUG.matcher(slug).matches()) {
      errors.add(
          new Problem.FieldError(
              "slug",
              "must be 1 to 63 lower-case letters, digits or dashes, starting with a letter or digit"));
    }
    if (displayName == null || displayName.isBlank() || displayName.length() > 200) {
      errors.add(new Problem.FieldError("displayName", "is required, up to 200 characters"));
    }
    var canonicalZones = new ArrayList<String>();
    var names = zoneNames == null ? List.<String>of() : zoneNames;
    for (int i = 0; i < names.size(); i++) {
      var parsed = Hostnames.parse(names.get(i), false);
      if (parsed.error() != null) {
        errors.add(new Problem.FieldError("zones[" + i + "]", parsed.error()));
      } else {
        canonicalZones.add(parsed.hostname());
      }
    }
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
    return tenants
        .findBySlug(slug)
        .flatMap(
            existing -> {
              if (existing != null) {
                throw ProblemException.conflict("a tenant with slug '" + slug + "' exists already");
              }
              var tenant = new TenantEntity();
              tenant.id = UUID.randomUUID();
              tenant.slug = slug;
              tenant.displayName = displayName.trim();
              tenant.createdAt = OffsetDateTime.now();
              return tenants.persist(tenant);
            })
        .call(tenant -> addZones(tenant, canonicalZones))
        .call(events::changed)
        .call(
            tenant ->
                audit.record(
                    caller,
                    tenant.id,
                    "tenant.created",
                    "tenant",
                    tenant.slug,
                    Map.of("displayName", tenant.displayName, "zones", canonicalZones)))
        .flatMap(this::view);
  }

  private Uni<Void> addZones(TenantEntity tenant, List<String> names) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (var name : names) {
      chain = chain.call(() -> addZone(tenant, name));
    }
    return chain;
  }

  private Uni<ZoneEntity> addZone(TenantEntity tenant, String name) {
    return zones
        .listOverlapping(name)
        .invoke(
            overlapping -> {
              for (var other : overlapping) {
                if (!other.tenantId.equals(tenant.id) && !other.name.equals(name)) {
                  // Nested zones of two tenants would let both route the same hostnames.
                  throw ProblemException.conflict(
                      "zone " + name + " overlaps a zone of another tenant");
                }
              }
            })
        .flatMap(overlapping -> zones.findById(name))
        .flatMap(
            existing -> {
              if (existing != null) {
                if (existing.tenantId.equals(tenant.id)) {
                  return Uni.createFrom().item(existing);
                }
                throw ProblemException.conflict("zone " + name + " belongs to another tenant");
              }
              var zone = new ZoneEntity();
              zone.name = name;
              zone.tenantId = tenant.id;
              zone.createdAt = OffsetDateTime.now();
              return zones.persist(zone);
            });
  }

  @WithTransaction
  public Uni<TenantView> assignZone(Caller caller, String slug, String zoneName) {
    caller.requirePlatformAdmin();
    var parsed = Hostnames.parse(zoneName, false);
    if (parsed.error() != null) {
      throw ProblemException.invalid("zone", parsed.error());
    }
    return existing(slug)
        .call(tenant -> addZone(tenant, parsed.hostname()))
        .call(events::changed)
        .call(
            tenant ->
                audit.record(
                    caller, tenant.id, "zone.assigned", "zone", parsed.hostname(), Map.of()))
        .flatMap(this::view);
  }

  @WithTransaction
  public Uni<Void> removeZone(Caller caller, String slug, String zoneName) {
    caller.requirePlatformAdmin();
    return existing(slug)
        .flatMap(
            tenant ->
                zones
                    .findById(zoneName)
                    .flatMap(
                        zone -> {
                          if (zone == null || !zone.tenantId.equals(tenant.id)) {
                            throw ProblemException.notFound("zone " + zoneName);
                          }
                          return routesInZone(tenant.id, zoneName)
                              .flatMap(
                                  count -> {
                                    if (count > 0) {
                                      throw ProblemException.conflict(
                                          "zone "
                                              + zoneName
                                              + " still has "
                                              + count
                                              + " hostname route(s); unbind them first");
                                    }
                                    return zones.delete(zone);
                                  });
                        })
                    .call(() -> events.changed(tenant))
                    .call(
                        () ->
                            audit.record(
                                caller, tenant.id, "zone.removed", "zone", zoneName, Map.of())));
  }

  private Uni<Long> routesInZone(UUID tenantId, String zone) {
    return tenants
        .getSession()
        .flatMap(
            session ->
                session
                    .createNativeQuery(
                        "SELECT count(*) FROM hostname_route WHERE tenant_id = :t AND"
                            + " (hostname = :z OR hostname LIKE :suffix)",
                        Long.class)
                    .setParameter("t", tenantId)
                    .setParameter("z", zone)
                    .setParameter("suffix", "%." + zone)
                    .getSingleResult());
  }

  @WithSession
  public Uni<List<TenantView>> list(Caller caller) {
    caller.requirePlatformAdmin();
    return tenants
        .listAllBySlug()
        .flatMap(
            all -> {
              if (all.isEmpty()) {
                return Uni.createFrom().item(List.<TenantView>of());
              }
              // One session serves one operation at a time.
              return Multi.createFrom()
                  .iterable(all)
                  .onItem()
                  .transformToUniAndConcatenate(this::view)
                  .collect()
                  .asList();
            });
  }

  /** An operator sees any tenant; a member sees only their own, and any other is "not found". */
  @WithSession
  public Uni<TenantView> get(Caller caller, String slug) {
    return existing(slug)
        .map(
            tenant -> {
              if (!caller.platformAdmin() && !tenant.id.equals(caller.tenantId())) {
                throw ProblemException.notFound("tenant " + slug);
              }
              return tenant;
            })
        .flatMap(this::view);
  }

  @WithSession
  public Uni<TenantView> own(Caller caller) {
    return tenants.findById(caller.tenant()).flatMap(this::view);
  }

  /** The zones of a tenant, for route checks. */
  public Uni<List<String>> zoneNames(UUID tenantId) {
    return zones.listByTenant(tenantId).map(list -> list.stream().map(z -> z.name).toList());
  }

  /**
   * Creates the example tenants the local launcher announces (acme, globex) if they are missing.
   * Idempotent.
   */
  @WithTransaction
  public Uni<Void> ensureExample(String slug, String displayName, List<String> zoneNames) {
    return tenants
        .findBySlug(slug)
        .flatMap(
            existing -> {
              if (existing != null) {
                return Uni.createFrom().voidItem();
              }
              var tenant = new TenantEntity();
              tenant.id = UUID.randomUUID();
              tenant.slug = slug;
              tenant.displayName = displayName;
              tenant.createdAt = OffsetDateTime.now();
              return tenants
                  .persist(tenant)
                  .call(t -> addZones(t, zoneNames))
                  .call(events::changed)
                  .replaceWithVoid();
            });
  }

  private Uni<TenantEntity> existing(String slug) {
    return tenants
        .findBySlug(slug)
        .map(
            tenant -> {
              if (tenant == null) {
                throw ProblemException.notFound("tenant " + slug);
              }
              return tenant;
            });
  }

  private Uni<TenantView> view(TenantEntity tenant) {
    return zoneNames(tenant.id)
        .map(
            names ->
                new TenantView(
                    tenant.id, tenant.slug, tenant.displayName, names, tenant.createdAt));
  }
}
