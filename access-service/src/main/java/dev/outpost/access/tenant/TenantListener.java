package dev.outpost.access.tenant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.events.TenantRecord;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Keeps the local copy of tenants and their zones in step with {@code outpost.tenants}, which the
 * api-service owns: a newer revision replaces the row, an older or equal one is ignored (so
 * re-deliveries are harmless), a tombstone deletes it.
 *
 * <p>A table rather than an in-memory view: the consumer group's committed offset and the table
 * survive a restart together, so the service answers at once after a restart instead of refusing
 * hostnames (and callers) until it has replayed the whole topic; and every replica of the service
 * reads the same zones in the same transaction as the application it checks.
 */
@ApplicationScoped
public class TenantListener {

  static final String CHANNEL = "tenants";
  private static final Logger LOG = Logger.getLogger(TenantListener.class);

  private final TenantRepository tenants;
  private final ObjectMapper json;

  TenantListener(TenantRepository tenants, ObjectMapper json) {
    this.tenants = tenants;
    this.json = json;
  }

  @Incoming(CHANNEL)
  @WithTransaction
  public Uni<Void> onRecord(ConsumerRecord<String, String> record) {
    if (record.value() == null) {
      return tombstone(record.key());
    }
    TenantRecord tenant;
    try {
      tenant = json.readValue(record.value(), TenantRecord.class);
    } catch (IOException e) {
      // A record we cannot read would block the partition forever if it failed the stream.
      LOG.warnf("skipping an unreadable tenant record: %s", e.getMessage());
      return Uni.createFrom().voidItem();
    }
    if (tenant.id() == null || tenant.slug() == null) {
      LOG.warnf("skipping a tenant record without id or slug");
      return Uni.createFrom().voidItem();
    }
    return tenants
        .findById(tenant.id())
        .flatMap(
            known -> {
              if (known != null && known.revision >= tenant.revision()) {
                return Uni.createFrom().voidItem();
              }
              var row = known != null ? known : new TenantEntity();
              row.id = tenant.id();
              row.slug = tenant.slug();
              row.zones = zonesJson(tenant.zones());
              row.revision = tenant.revision();
              return known != null
                  ? Uni.createFrom().voidItem()
                  : tenants.persist(row).replaceWithVoid();
            });
  }

  private Uni<Void> tombstone(String key) {
    UUID id;
    try {
      id = UUID.fromString(key);
    } catch (IllegalArgumentException | NullPointerException e) {
      return Uni.createFrom().voidItem();
    }
    return tenants.deleteById(id).replaceWithVoid();
  }

  private String zonesJson(List<String> zones) {
    try {
      return json.writeValueAsString(zones == null ? List.of() : zones);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
