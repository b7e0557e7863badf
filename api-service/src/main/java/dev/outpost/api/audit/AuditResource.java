package dev.outpost.api.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.api.security.Callers;
import dev.outpost.api.security.Scope;
import dev.outpost.service.problem.ProblemException;
import dev.outpost.service.web.Page;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** The tenant's audit log, newest first. */
@Path("/v1/audit")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

  private final Callers callers;
  private final AuditRepository repository;
  private final ObjectMapper json;

  AuditResource(Callers callers, AuditRepository repository, ObjectMapper json) {
    this.callers = callers;
    this.repository = repository;
    this.json = json;
  }

  /** One recorded change, as the API shows it. */
  public record AuditEventView(
      long id,
      String actorType,
      String actorId,
      String action,
      String resourceType,
      String resourceId,
      JsonNode details,
      String sourceAddress,
      OffsetDateTime occurredAt) {}

  @GET
  @WithSession
  public Uni<Page<AuditEventView>> list(
      @QueryParam("action") String action,
      @QueryParam("resourceType") String resourceType,
      @QueryParam("resourceId") String resourceId,
      @QueryParam("actor") String actor,
      @QueryParam("since") String since,
      @QueryParam("until") String until,
      @QueryParam("limit") Integer limit,
      @QueryParam("cursor") String cursor) {
    int size = Page.size(limit);
    var query =
        new AuditRepository.AuditQuery(
            Page.numericCursor(cursor),
            action,
            resourceType,
            resourceId,
            actor,
            instant("since", since),
            instant("until", until));
    return callers
        .current()
        .map(caller -> caller.require(Scope.AUDIT_READ))
        .flatMap(caller -> repository.search(caller.tenant(), query, size + 1))
        .map(
            events ->
                Page.of(
                    events.stream().map(this::view).toList(),
                    size,
                    last -> Long.toString(last.id())));
  }

  private AuditEventView view(AuditEventEntity e) {
    JsonNode details = null;
    if (e.details != null) {
      try {
        details = json.readTree(e.details);
      } catch (java.io.IOException ignored) {
        // stored by us as JSON; unreadable would mean a corrupted row, shown without details
      }
    }
    return new AuditEventView(
        e.id,
        e.actorType,
        e.actorId,
        e.action,
        e.resourceType,
        e.resourceId,
        details,
        e.sourceAddress,
        e.occurredAt);
  }

  private static OffsetDateTime instant(String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value);
    } catch (DateTimeParseException e) {
      throw ProblemException.invalid(field, "'" + value + "' is not an RFC 3339 timestamp");
    }
  }
}
