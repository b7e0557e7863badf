package dev.outpost.api.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.api.security.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * Records who changed what. Called inside the use case's transaction, so the record exists if and
 * only if the change does. Details must never carry secrets.
 */
@ApplicationScoped
public class AuditLog {

  private final AuditRepository repository;
  private final ObjectMapper json;

  AuditLog(AuditRepository repository, ObjectMapper json) {
    this.repository = repository;
    this.json = json;
  }

  public Uni<Void> record(
      Caller caller,
      UUID tenantId,
      String action,
      String resourceType,
      String resourceId,
      Map<String, ?> details) {
    var event = new AuditEventEntity();
    event.tenantId = tenantId;
    event.actorType = caller.actorType();
    event.actorId = caller.actorId();
    event.action = action;
    event.resourceType = resourceType;
    event.resourceId = resourceId;
    event.sourceAddress = caller.sourceAddress();
    event.occurredAt = OffsetDateTime.now();
    try {
      event.details =
          details == null || details.isEmpty() ? null : json.writeValueAsString(details);
    } catch (JsonProcessingException e) {
      return Uni.createFrom().failure(e);
    }
    return repository.persist(event).replaceWithVoid();
  }

  /** For changes inside the caller's own tenant. */
  public Uni<Void> record(
      Caller caller,
      String action,
      String resourceType,
      String resourceId,
      Map<String, ?> details) {
    return record(caller, caller.tenant(), action, resourceType, resourceId, details);
  }
}
