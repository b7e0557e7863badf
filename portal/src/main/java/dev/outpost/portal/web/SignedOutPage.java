package dev.outpost.portal.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Where Keycloak sends the browser back after signing out. */
@Path("/signed-out")
@Produces(MediaType.TEXT_HTML)
public class SignedOutPage {

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance signedOut();
  }

  @GET
  public TemplateInstance page() {
    return Templates.signedOut();
  }
}
