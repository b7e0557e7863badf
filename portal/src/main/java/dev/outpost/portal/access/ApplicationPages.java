package dev.outpost.portal.access;

import dev.outpost.portal.access.AccessModels.Application;
import dev.outpost.portal.access.AccessModels.ApplicationRequest;
import dev.outpost.portal.access.AccessModels.Policy;
import dev.outpost.portal.web.ApiProblem;
import dev.outpost.portal.web.Confirmation;
import dev.outpost.portal.web.CurrentUser;
import dev.outpost.portal.web.FieldErrors;
import dev.outpost.portal.web.Ids;
import dev.outpost.portal.web.Page;
import dev.outpost.portal.web.Query;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Access applications: the hostnames and paths the edge asks an identity for, and their policies.
 */
@Path("/access/applications")
@Produces(MediaType.TEXT_HTML)
public class ApplicationPages {

  /** Session lengths offered, in seconds, with how the form names them. */
  static final List<Choice> SESSIONS =
      List.of(
          new Choice("900", "15 minutes"),
          new Choice("3600", "1 hour"),
          new Choice("28800", "8 hours"),
          new Choice("86400", "24 hours"),
          new Choice("604800", "7 days"),
          new Choice("2592000", "30 days"));

  private static final Set<String> FIELDS =
      Set.of("name", "hostname", "pathPrefix", "sessionDuration", "identityProviders");

  private final AccessClient access;

  ApplicationPages(@RestClient AccessClient access) {
    this.access = access;
  }

  public record Choice(String value, String label) {}

  /** The application form's values as typed, and what the API said about them. */
  public record ApplicationForm(
      String name,
      String hostname,
      String pathPrefix,
      String sessionDuration,
      String identityProviders,
      FieldErrors errors) {

    static ApplicationForm of(Application app) {
      return new ApplicationForm(
          app.name(),
          app.hostname(),
          app.pathPrefix(),
          Long.toString(app.sessionDuration()),
          app.identityProviders() == null ? "" : String.join(", ", app.identityProviders()),
          FieldErrors.none());
    }

    ApplicationRequest request() {
      return new ApplicationRequest(
          Query.trim(name),
          Query.trim(hostname),
          Query.blank(pathPrefix) ? "/" : pathPrefix.trim(),
          sessionDuration == null || !sessionDuration.matches("\\d{1,9}")
              ? null
              : Long.parseLong(sessionDuration),
          Query.blank(identityProviders)
              ? List.of()
              : Arrays.stream(identityProviders.split("[,\\s]+"))
                  .filter(s -> !s.isBlank())
                  .toList());
    }

    ApplicationForm with(FieldErrors errors) {
      return new ApplicationForm(
          name, hostname, pathPrefix, sessionDuration, identityProviders, errors);
    }
  }

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance list(Page<Application> page, String cursor);

    static native TemplateInstance form(
        Application existing, ApplicationForm form, List<Choice> sessions);

    static native TemplateInstance application(Application app, List<Policy> policies);
  }

  @GET
  public Uni<TemplateInstance> list(@QueryParam("cursor") String cursor) {
    return access
        .applications(100, Query.trim(cursor))
        .map(page -> Templates.list(page, Query.trim(cursor)));
  }

  @GET
  @Path("new")
  @RolesAllowed(CurrentUser.ADMIN_ROLE)
  public TemplateInstance createForm() {
    return Templates.form(
        null, new ApplicationForm("", "", "/", "86400", "", FieldErrors.none()), SESSIONS);
  }

  @POST
  @RolesAllowed(CurrentUser.ADMIN_ROLE)
  public Uni<RestResponse<TemplateInstance>> create(
      @RestForm String name,
      @RestForm String hostname,
      @RestForm String pathPrefix,
      @RestForm String sessionDuration,
      @RestForm String identityProviders) {
    var form =
        new ApplicationForm(
            name, hostname, pathPrefix, sessionDuration, identityProviders, FieldErrors.none());
    return access
        .createApplication(form.request())
        .map(app -> RestResponse.<TemplateInstance>seeOther(URI.create(pathOf(app.id()))))
        .onFailure(ApiProblem.class)
        .recoverWithItem(
            ApiProblem.<TemplateInstance>showInForm(problem -> again(null, form, problem)));
  }

  @GET
  @Path("{id}")
  public Uni<TemplateInstance> page(@PathParam("id") String id) {
    var app = Ids.uuid(id);
    return Uni.combine()
        .all()
        .unis(access.application(app), access.policies(app))
        .asTuple()
        .map(t -> Templates.application(t.getItem1(), t.getItem2()));
  }

  @GET
  @Path("{id}/edit")
  @RolesAllowed(CurrentUser.ADMIN_ROLE)
  public Uni<TemplateInstance> editForm(@PathParam("id") String id) {
    return access
        .application(Ids.uuid(id))
        .map(app -> Templates.form(app, ApplicationForm.of(app), SESSIONS));
  }

  @POST
  @Path("{id}/edit")
  @RolesAllowed(CurrentUser.ADMIN_ROLE)
  public Uni<RestResponse<TemplateInstance>> update(
      @PathParam("id") String id,
      @RestForm String name,
      @RestForm String hostname,
      @RestForm String pathPrefix,
      @RestForm String sessionDuration,
      @RestForm String identityProviders) {
    var app = Ids.uuid(id);
    var form =
        new ApplicationForm(
            name, hostname, pathPrefix, sessionDuration, identityProviders, FieldErrors.none());
    return access
        .application(app)
        .flatMap(
            existing ->
                access
                    .updateApplication(app, form.request())
                    .map(
                        updated -> RestResponse.<TemplateInstance>seeOther(URI.create(pathOf(app))))
                    .onFailure(ApiProblem.class)
                    .recoverWithItem(
                        ApiProblem.<TemplateInstance>showInForm(
                            problem -> again(existing, form, problem))));
  }

  @GET
  @Path("{id}/delete")
  @RolesAllowed(CurrentUser.ADMIN_ROLE)
  public Uni<TemplateInstance> confirmDeletion(@PathParam("id") String id) {
    return access.application(Ids.uuid(id)).map(app -> deletion(app).page());
  }

  @POST
  @Path("{id}/delete")
  @RolesAllowed(CurrentUser.ADMIN_ROLE)
  public Uni<RestResponse<Void>> delete(@PathParam("id") String id, @RestForm String confirm) {
    var app = Ids.uuid(id);
    if (!Confirmation.confirmed(confirm)) {
      return Uni.createFrom().item(RestResponse.seeOther(URI.create(pathOf(app) + "/delete")));
    }
    return access
        .deleteApplication(app)
        .map(nothing -> RestResponse.seeOther(URI.create("/access/applications")));
  }

  private static Confirmation deletion(Application app) {
    return new Confirmation(
        "access",
        "Delete " + app.name(),
        "Delete application " + app.name() + " and its policies?",
        "The edge stops asking for an identity at "
            + app.hostname()
            + app.pathPrefix()
            + ": unless another application covers it, anyone who reaches the hostname gets"
            + " through to the service.",
        pathOf(app.id()) + "/delete",
        "Delete application",
        pathOf(app.id()),
        null);
  }

  private static TemplateInstance again(
      Application existing, ApplicationForm form, ApiProblem problem) {
    return Templates.form(existing, form.with(FieldErrors.from(problem, FIELDS)), SESSIONS);
  }

  static String pathOf(String applicationId) {
    return "/access/applications/" + applicationId;
  }
}
