package dev.outpost.access.accesslog;

import dev.outpost.access.accesslog.AccessDecisionRepository.Filter;
import dev.outpost.access.security.Callers;
import dev.outpost.access.web.Ids;
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
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The access log of the caller's tenant: what the edge decided, newest first. */
@Path("/v1/access-log")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "access log", description = "The edge's access decisions")
public class AccessLogResource {

  private final Callers callers;
  private final AccessDecisionRepository decisions;

  AccessLogResource(Callers callers, AccessDecisionRepository decisions) {
    this.callers = callers;
    this.decisions = decisions;
  }

  public record AccessDecisionView(
      UUID id,
      UUID tenantId,
      UUID applicationId,
      UUID policyId,
      String decision,
      String email,
      UUID serviceTokenId,
      String clientIp,
      String host,
      String path,
      OffsetDateTime at) {}

  @GET
  @WithSession
  @Operation(
      summary = "Query the access log, newest first",
      description =
          "Filters: applicationId, email (exact, any case), decision, since (inclusive) and until"
              + " (exclusive) as ISO-8601 date-times; limit and cursor page through it.")
  public Uni<Page<AccessDecisionView>> list(
      @QueryParam("applicationId") String applicationId,
      @QueryParam("email") String email,
      @QueryParam("decision") String decision,
      @QueryParam("since") String since,
      @QueryParam("until") String until,
      @QueryParam("limit") Integer limit,
      @QueryParam("cursor") String cursor) {
    return callers
        .current()
        .flatMap(
            caller -> {
              var visibleTo = caller.readableTenant();
              int size = Page.size(limit);
              var filter =
                  new Filter(
                      Ids.field(applicationId, "applicationId"),
                      blankToNull(email),
                      blankToNull(decision),
                      time(since, "since"),
                      time(until, "until"));
              var position = Page.decode(cursor);
              OffsetDateTime beforeAt = null;
              UUID beforeId = null;
              if (position != null) {
                try {
                  var parts = position.split(" ", 2);
                  beforeAt = OffsetDateTime.parse(parts[0]);
                  beforeId = UUID.fromString(parts[1]);
                } catch (RuntimeException e) {
                  throw ProblemException.invalid("cursor", "not a cursor this API issued");
                }
              }
              return decisions.listVisible(visibleTo, filter, beforeAt, beforeId, size + 1);
            })
        .map(
            found ->
                Page.of(
                    found.stream().map(AccessLogResource::view).toList(),
                    Page.size(limit),
                    v -> v.at() + " " + v.id()));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim().toLowerCase(Locale.ROOT);
  }

  private static OffsetDateTime time(String value, String field) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw ProblemException.invalid(
          field, "'" + value + "' is not an ISO-8601 date-time such as 2026-01-31T12:00:00Z");
    }
  }

  private static AccessDecisionView view(AccessDecisionEntity d) {
    return new AccessDecisionView(
        d.id,
        d.tenantId,
        d.applicationId,
        d.policyId,
        d.decision,
        d.email,
        d.serviceTokenId,
        d.clientIp,
        d.host,
        d.path,
        d.decidedAt);
  }
}
