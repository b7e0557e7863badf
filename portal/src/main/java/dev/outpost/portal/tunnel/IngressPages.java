package dev.outpost.portal.tunnel;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.portal.tunnel.TunnelModels.ConfigurationBody;
import dev.outpost.portal.tunnel.TunnelModels.TunnelDetail;
import dev.outpost.portal.web.ApiProblem;
import dev.outpost.portal.web.CurrentUser;
import dev.outpost.portal.web.Ids;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The ingress rules editor of a remotely managed tunnel. Rows move up and down and go away without
 * saving (plain form buttons, no script needed); saving sends the whole configuration, and the
 * API's own validation messages come back next to the fields they are about.
 */
@Path("/tunnels/{id: " + Ids.UUID + "}/ingress")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(CurrentUser.ADMIN_ROLE)
public class IngressPages {

  private final TunnelClient tunnels;
  private final ObjectMapper json;

  IngressPages(@RestClient TunnelClient tunnels, ObjectMapper json) {
    this.tunnels = tunnels;
    this.json = json;
  }

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance editor(TunnelDetail tunnel, IngressForm form, int version);
  }

  @GET
  public Uni<TemplateInstance> edit(@PathParam("id") String id) {
    var tunnel = Ids.uuid(id);
    return Uni.combine()
        .all()
        .unis(tunnels.get(tunnel), tunnels.configuration(tunnel))
        .asTuple()
        .map(
            t ->
                Templates.editor(
                    t.getItem1(),
                    IngressForm.of(t.getItem2().config(), json),
                    t.getItem2().version()));
  }

  @POST
  public Uni<RestResponse<TemplateInstance>> save(
      @PathParam("id") String id,
      @RestForm List<String> hostname,
      @RestForm List<String> path,
      @RestForm List<String> service,
      @RestForm List<String> options,
      @RestForm String defaults,
      @RestForm String move,
      @RestForm String remove,
      @RestForm String add) {
    var tunnel = Ids.uuid(id);
    var form = IngressForm.submitted(hostname, path, service, options, defaults);
    var edited = edit(form, move, remove, add);
    if (edited != null) {
      return tunnels
          .get(tunnel)
          .map(t -> RestResponse.ok(Templates.editor(t, edited, t.configVersion())));
    }
    var result = form.toConfig(json);
    if (result.config() == null) {
      return again(tunnel, result.form());
    }
    return tunnels
        .replaceConfiguration(tunnel, new ConfigurationBody(result.config()))
        .map(
            saved ->
                RestResponse.<TemplateInstance>seeOther(
                    URI.create(TunnelDetailPages.pathOf(tunnel) + "#ingress")))
        .onFailure(ApiProblem.class)
        .recoverWithUni(
            failure -> {
              var problem = (ApiProblem) failure;
              if (!problem.isFormProblem()) {
                return Uni.createFrom().failure(problem);
              }
              return again(tunnel, form.withProblem(problem));
            });
  }

  /**
   * The form after a button that edits without saving ({@code move=3:up}, {@code remove=3}, {@code
   * add}), or null for the save button.
   */
  static IngressForm edit(IngressForm form, String move, String remove, String add) {
    if (move != null && move.matches("\\d{1,3}:(up|down)")) {
      var parts = move.split(":");
      return form.move(Integer.parseInt(parts[0]), parts[1].equals("up") ? -1 : 1);
    }
    if (remove != null && remove.matches("\\d{1,3}")) {
      return form.remove(Integer.parseInt(remove));
    }
    if (add != null) {
      return form.withBlankRows();
    }
    return null;
  }

  private Uni<RestResponse<TemplateInstance>> again(String tunnel, IngressForm form) {
    return tunnels
        .get(tunnel)
        .map(
            t ->
                RestResponse.status(
                    RestResponse.Status.BAD_REQUEST, Templates.editor(t, form, t.configVersion())));
  }
}
