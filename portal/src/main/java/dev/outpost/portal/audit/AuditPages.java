package dev.outpost.portal.audit;

import dev.outpost.portal.audit.AuditClient.AuditEvent;
import dev.outpost.portal.config.PortalConfig;
import dev.outpost.portal.web.ApiProblem;
import dev.outpost.portal.web.FieldErrors;
import dev.outpost.portal.web.Page;
import dev.outpost.portal.web.Query;
import dev.outpost.portal.web.Times;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestResponse;

/** The audit log: who changed what, when; newest first, with filters. */
@Path("/audit")
@Produces(MediaType.TEXT_HTML)
public class AuditPages {

  private static final Set<String> FIELDS =
      Set.of("action", "resourceType", "resourceId", "actor", "since", "until");

  private final AuditClient audit;
  private final PortalConfig config;

  AuditPages(@RestClient AuditClient audit, PortalConfig config) {
    this.audit = audit;
    this.config = config;
  }

  public record Filter(
      String action,
      String resourceType,
      String resourceId,
      String actor,
      String since,
      String until) {

    public String next(String cursor) {
      return Query.of(
          "action", action,
          "resourceType", resourceType,
          "resourceId", resourceId,
          "actor", actor,
          "since", since,
          "until", until,
          "cursor", cursor);
    }
  }

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance log(
        Page<AuditEvent> page, Filter filter, String cursor, FieldErrors errors);
  }

  @GET
  public Uni<RestResponse<TemplateInstance>> log(
      @QueryParam("action") String action,
      @QueryParam("resourceType") String resourceType,
      @QueryParam("resourceId") String resourceId,
      @QueryParam("actor") String actor,
      @QueryParam("since") String since,
      @QueryParam("until") String until,
      @QueryParam("cursor") String cursor) {
    var filter = new Filter(action, resourceType, resourceId, actor, since, until);
    return audit
        .search(
            Query.trim(action),
            Query.trim(resourceType),
            Query.trim(resourceId),
            Query.trim(actor),
            Times.utc(since),
            Times.utc(until),
            config.pageSize(),
            Query.trim(cursor))
        .map(
            page ->
                RestResponse.ok(
                    Templates.log(page, filter, Query.trim(cursor), FieldErrors.none())))
        .onFailure(ApiProblem.class)
        .recoverWithItem(
            failure -> {
              var problem = (ApiProblem) failure;
              if (problem.status() != 400) {
                throw problem;
              }
              return RestResponse.status(
                  RestResponse.Status.BAD_REQUEST,
                  Templates.log(
                      new Page<>(List.of(), null),
                      filter,
                      null,
                      FieldErrors.from(problem, FIELDS)));
            });
  }
}
