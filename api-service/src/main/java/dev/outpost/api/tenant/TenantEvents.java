package dev.outpost.api.tenant;

import dev.outpost.events.TenantRecord;
import dev.outpost.events.Topic;
import dev.outpost.service.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What other services hear about tenants, written to the outbox in the caller's transaction: the
 * tenant with all its zones on {@link Topic#TENANTS} (compacted), with a revision one higher than
 * the last one published.
 */
@ApplicationScoped
class TenantEvents {

  private final Outbox outbox;
  private final ZoneRepository zones;

  TenantEvents(Outbox outbox, ZoneRepository zones) {
    this.outbox = outbox;
    this.zones = zones;
  }

  /** Bumps the tenant's revision and publishes it with its current zones. */
  Uni<Void> changed(TenantEntity tenant) {
    tenant.revision = tenant.revision + 1;
    // Pending zone inserts and deletes must be in the database before the zones are listed.
    return zones
        .flush()
        .flatMap(flushed -> zones.listByTenant(tenant.id))
        .flatMap(
            list ->
                outbox.enqueue(
                    Topic.TENANTS,
                    tenant.id.toString(),
                    TenantRecord.TYPE,
                    new TenantRecord(
                        tenant.id,
                        tenant.slug,
                        list.stream().map(z -> z.name).sorted().toList(),
                        tenant.revision)))
        .replaceWithVoid();
  }
}
