package dev.outpost.portal.access;

import dev.outpost.portal.access.AccessModels.AccessDecision;
import dev.outpost.portal.access.AccessModels.Application;
import dev.outpost.portal.config.PortalConfig;
import dev.outpost.portal.web.ApiProblem;
import dev.outpost.portal.web.FieldErrors;
import dev.outpost.portal.web.Page;
import dev.outpost.portal.web.Query;
import dev.outpost.portal.web.Times;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.tuples.Tuple2;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The access log: the edge's decisions, newest first, filtered by application, user, decision,
 * time.
 */
@Path("/access/log")
@Produces(MediaType.TEXT_HTML)
public class AccessLogPages {

  static final List<String> DECISIONS =
      List.of("allow", "deny", "bypass", "login_allowed", "login_denied");

  private final AccessClient access;
  private final PortalConfig config;

  AccessLogPages(@RestClient AccessClient access, PortalConfig config) {
    this.access = access;
    this.config = config;
  }

  /** The filter as typed, repeated in the page's links. */
  public record Filter(
      String applicationId, String email, String decision, String since, String until) {

    public String next(String cursor) {
      return Query.of(
          "applicationId", applicationId,
          "email", email,
          "decision", decision,
          "since", since,
          "until", until,
          "cursor", cursor);
    }
  }

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance log(
        Page<AccessDecision> page,
        Filter filter,
        String cursor,
        List<Application> applications,
        Map<String, String> names,
        List<String> decisions,
        FieldErrors errors);
  }

  @GET
  public Uni<RestResponse<TemplateInstance>> log(
      @QueryParam("applicationId") String applicationId,
      @QueryParam("email") String email,
      @QueryParam("decision") String decision,
      @QueryParam("since") String since,
      @QueryParam("until") String until,
      @QueryParam("cursor") String cursor) {
    var filter = new Filter(applicationId, email, decision, since, until);
    Uni<Page<AccessDecision>> entries =
        access.accessLog(
            Query.trim(applicationId),
            Query.trim(email),
            Query.trim(decision),
            Times.utc(since),
            Times.utc(until),
            config.pageSize(),
            Query.trim(cursor));
    return Uni.combine()
        .all()
        .unis(access.applications(200, null), entries.map(page -> new Result(page, null)))
        .asTuple()
        .onFailure(ApiProblem.class)
        .recoverWithUni(
            failure -> {
              var problem = (ApiProblem) failure;
              if (problem.status() != 400) {
                return Uni.createFrom().failure(problem);
              }
              var errors =
                  FieldErrors.from(
                      problem, Set.of("applicationId", "email", "decision", "since", "until"));
              return access
                  .applications(200, null)
                  .map(apps -> Tuple2.of(apps, new Result(new Page<>(List.of(), null), errors)));
            })
        .map(
            t -> {
              var apps = t.getItem1().items();
              var names =
                  apps.stream()
                      .collect(Collectors.toMap(Application::id, Application::name, (a, b) -> a));
              var result = t.getItem2();
              var page =
                  Templates.log(
                      result.page(),
                      filter,
                      Query.trim(cursor),
                      apps,
                      names,
                      DECISIONS,
                      result.errors() == null ? FieldErrors.none() : result.errors());
              return result.errors() == null
                  ? RestResponse.ok(page)
                  : RestResponse.status(RestResponse.Status.BAD_REQUEST, page);
            });
  }

  private record Result(Page<AccessDecision> page, FieldErrors errors) {}
}
