package dev.outpost.access.accesslog;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.events.AccessDecisionRecord;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Locale;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Keeps the edge's access decisions ({@code outpost.access-decisions}) as the tenants' access log.
 * A decision already kept (same id) is not kept twice.
 */
@ApplicationScoped
public class AccessDecisionListener {

  static final String CHANNEL = "access-decisions";
  private static final Logger LOG = Logger.getLogger(AccessDecisionListener.class);

  private final AccessDecisionRepository decisions;
  private final ObjectMapper json;

  AccessDecisionListener(AccessDecisionRepository decisions, ObjectMapper json) {
    this.decisions = decisions;
    this.json = json;
  }

  @Incoming(CHANNEL)
  @WithTransaction
  public Uni<Void> onDecision(String payload) {
    if (payload == null) {
      return Uni.createFrom().voidItem();
    }
    AccessDecisionRecord record;
    try {
      record = json.readValue(payload, AccessDecisionRecord.class);
    } catch (IOException e) {
      // A record we cannot read would block the partition forever if it failed the stream.
      LOG.warnf("skipping an unreadable access decision: %s", e.getMessage());
      return Uni.createFrom().voidItem();
    }
    if (record.id() == null
        || record.tenantId() == null
        || record.decision() == null
        || record.at() == null) {
      LOG.warnf("skipping an access decision without id, tenant, decision or time");
      return Uni.createFrom().voidItem();
    }
    return decisions
        .findById(record.id())
        .flatMap(
            known -> {
              if (known != null) {
                return Uni.createFrom().voidItem();
              }
              var row = new AccessDecisionEntity();
              row.id = record.id();
              row.tenantId = record.tenantId();
              row.applicationId = record.applicationId();
              row.policyId = record.policyId();
              row.decision = record.decision().toLowerCase(Locale.ROOT);
              row.email = record.email() == null ? null : record.email().toLowerCase(Locale.ROOT);
              row.serviceTokenId = record.serviceTokenId();
              row.clientIp = record.clientIp();
              row.host = record.host();
              row.path = record.path();
              row.decidedAt = record.at();
              return decisions.persist(row).replaceWithVoid();
            });
  }
}
