package dev.outpost.portal.access;

import dev.outpost.portal.access.AccessModels.Application;
import dev.outpost.portal.access.AccessModels.Policy;
import dev.outpost.portal.access.AccessModels.PolicyOrder;
import dev.outpost.portal.access.AccessModels.PolicyRequest;
import dev.outpost.portal.web.ApiProblem;
import dev.outpost.portal.web.Confirmation;
import dev.outpost.portal.web.CurrentUser;
import dev.outpost.portal.web.FieldErrors;
import dev.outpost.portal.web.Ids;
import dev.outpost.portal.web.Query;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestResponse;

/** An application's ordered policies: add, edit, move up and down, delete. Admins only. */
@Path("/access/applications/{appId}/policies")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(CurrentUser.ADMIN_ROLE)
public class PolicyPages {

  static final List<String> ACTIONS = List.of("allow", "deny", "bypass", "service_auth");
  private static final Set<String> FIELDS =
      Set.of("name", "action", "include", "require", "exclude");
  private static final Set<String> RULE_LISTS = Set.of("include", "require", "exclude");

  private final AccessClient access;

  PolicyPages(@RestClient AccessClient access) {
    this.access = access;
  }

  /** The policy form as typed: the rule lists are textareas, one rule a line. */
  public record PolicyForm(
      String name,
      String action,
      String include,
      String require,
      String exclude,
      FieldErrors errors) {

    static PolicyForm of(Policy p) {
      return new PolicyForm(
          p.name(),
          p.action(),
          PolicyRulesText.format(p.include()),
          PolicyRulesText.format(p.require()),
          PolicyRulesText.format(p.exclude()),
          FieldErrors.none());
    }

    PolicyRequest request() {
      return new PolicyRequest(
          Query.trim(name),
          action,
          null,
          PolicyRulesText.parse(include),
          PolicyRulesText.parse(require),
          PolicyRulesText.parse(exclude));
    }

    PolicyForm with(FieldErrors errors) {
      return new PolicyForm(name, action, include, require, exclude, errors);
    }
  }

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance form(
        Application app,
        Policy existing,
        PolicyForm form,
        List<String> actions,
        List<String> types);
  }

  @GET
  @Path("new")
  public Uni<TemplateInstance> createForm(@PathParam("appId") String appId) {
    return access
        .application(Ids.uuid(appId))
        .map(
            app ->
                Templates.form(
                    app,
                    null,
                    new PolicyForm("", "allow", "", "", "", FieldErrors.none()),
                    ACTIONS,
                    PolicyRulesText.TYPES));
  }

  @POST
  public Uni<RestResponse<TemplateInstance>> create(
      @PathParam("appId") String appId,
      @RestForm String name,
      @RestForm String action,
      @RestForm String include,
      @RestForm String require,
      @RestForm String exclude) {
    var app = Ids.uuid(appId);
    var form = new PolicyForm(name, action, include, require, exclude, FieldErrors.none());
    return access
        .createPolicy(app, form.request())
        .map(policy -> toApplication(app))
        .onFailure(ApiProblem.class)
        .recoverWithUni(failure -> again(app, null, form, (ApiProblem) failure));
  }

  @GET
  @Path("{policyId}/edit")
  public Uni<TemplateInstance> editForm(
      @PathParam("appId") String appId, @PathParam("policyId") String policyId) {
    var app = Ids.uuid(appId);
    var id = Ids.uuid(policyId);
    return Uni.combine()
        .all()
        .unis(access.application(app), access.policies(app))
        .asTuple()
        .map(
            t -> {
              var policy = find(t.getItem2(), id);
              return Templates.form(
                  t.getItem1(), policy, PolicyForm.of(policy), ACTIONS, PolicyRulesText.TYPES);
            });
  }

  @POST
  @Path("{policyId}/edit")
  public Uni<RestResponse<TemplateInstance>> replace(
      @PathParam("appId") String appId,
      @PathParam("policyId") String policyId,
      @RestForm String name,
      @RestForm String action,
      @RestForm String include,
      @RestForm String require,
      @RestForm String exclude) {
    var app = Ids.uuid(appId);
    var id = Ids.uuid(policyId);
    var form = new PolicyForm(name, action, include, require, exclude, FieldErrors.none());
    return access
        .replacePolicy(app, id, form.request())
        .map(policy -> toApplication(app))
        .onFailure(ApiProblem.class)
        .recoverWithUni(
            failure ->
                access
                    .policies(app)
                    .flatMap(list -> again(app, find(list, id), form, (ApiProblem) failure)));
  }

  /** One place up or down: the API takes the whole new order. */
  @POST
  @Path("{policyId}/move")
  public Uni<RestResponse<TemplateInstance>> move(
      @PathParam("appId") String appId,
      @PathParam("policyId") String policyId,
      @RestForm String direction) {
    var app = Ids.uuid(appId);
    var id = Ids.uuid(policyId);
    return access
        .policies(app)
        .flatMap(
            list -> {
              var order = moved(list.stream().map(Policy::id).toList(), id, direction);
              return order.equals(list.stream().map(Policy::id).toList())
                  ? Uni.createFrom().item(toApplication(app))
                  : access
                      .reorderPolicies(app, new PolicyOrder(order))
                      .map(reordered -> toApplication(app));
            });
  }

  /** {@code ids} with {@code id} one place up or down; unchanged at the ends. */
  static List<String> moved(List<String> ids, String id, String direction) {
    int at = ids.indexOf(id);
    if (at < 0) {
      throw new NotFoundException();
    }
    int other = "up".equals(direction) ? at - 1 : "down".equals(direction) ? at + 1 : at;
    if (other < 0 || other >= ids.size() || other == at) {
      return ids;
    }
    var result = new ArrayList<>(ids);
    result.set(at, ids.get(other));
    result.set(other, ids.get(at));
    return result;
  }

  @GET
  @Path("{policyId}/delete")
  public Uni<TemplateInstance> confirmDeletion(
      @PathParam("appId") String appId, @PathParam("policyId") String policyId) {
    var app = Ids.uuid(appId);
    var id = Ids.uuid(policyId);
    return Uni.combine()
        .all()
        .unis(access.application(app), access.policies(app))
        .asTuple()
        .map(t -> deletion(t.getItem1(), find(t.getItem2(), id)).page());
  }

  @POST
  @Path("{policyId}/delete")
  public Uni<RestResponse<TemplateInstance>> delete(
      @PathParam("appId") String appId,
      @PathParam("policyId") String policyId,
      @RestForm String confirm) {
    var app = Ids.uuid(appId);
    var id = Ids.uuid(policyId);
    if (!Confirmation.confirmed(confirm)) {
      return Uni.createFrom()
          .item(
              RestResponse.seeOther(
                  URI.create(ApplicationPages.pathOf(app) + "/policies/" + id + "/delete")));
    }
    return access.deletePolicy(app, id).map(nothing -> toApplication(app));
  }

  private static Confirmation deletion(Application app, Policy policy) {
    return new Confirmation(
        "access",
        "Delete policy " + policy.name(),
        "Delete policy " + policy.name() + " of " + app.name() + "?",
        "The policies after it move up one place. Visitors it decided for are decided by the"
            + " next policy that matches them, or denied.",
        ApplicationPages.pathOf(app.id()) + "/policies/" + policy.id() + "/delete",
        "Delete policy",
        ApplicationPages.pathOf(app.id()) + "#policies",
        null);
  }

  private Uni<RestResponse<TemplateInstance>> again(
      String app, Policy existing, PolicyForm form, ApiProblem problem) {
    if (!problem.isFormProblem()) {
      return Uni.createFrom().failure(problem);
    }
    return access
        .application(app)
        .map(
            application ->
                RestResponse.status(
                    RestResponse.Status.fromStatusCode(problem.status()),
                    Templates.form(
                        application,
                        existing,
                        form.with(FieldErrors.from(problem, FIELDS, RULE_LISTS)),
                        ACTIONS,
                        PolicyRulesText.TYPES)));
  }

  private static Policy find(List<Policy> policies, String id) {
    return policies.stream()
        .filter(p -> p.id().equals(id))
        .findFirst()
        .orElseThrow(NotFoundException::new);
  }

  private static RestResponse<TemplateInstance> toApplication(String app) {
    return RestResponse.seeOther(URI.create(ApplicationPages.pathOf(app) + "#policies"));
  }
}
