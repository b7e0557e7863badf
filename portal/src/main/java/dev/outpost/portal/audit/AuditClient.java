package dev.outpost.portal.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.portal.web.ApiProblems;
import dev.outpost.portal.web.Page;
import io.quarkus.oidc.token.propagation.common.AccessToken;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The api-service's audit log, called with the user's access token. */
@RegisterRestClient(configKey = "api")
@RegisterProvider(ApiProblems.class)
@AccessToken
@Path("/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
public interface AuditClient {

  /** One recorded change: who ({@code actorType}:{@code actorId}) did what to which resource. */
  record AuditEvent(
      long id,
      String actorType,
      String actorId,
      String action,
      String resourceType,
      String resourceId,
      JsonNode details,
      String sourceAddress,
      OffsetDateTime occurredAt) {

    /** The details as compact JSON, or empty. */
    public String detailsText() {
      return details == null || details.isNull() || details.isEmpty() ? "" : details.toString();
    }
  }

  @GET
  Uni<Page<AuditEvent>> search(
      @QueryParam("action") String action,
      @QueryParam("resourceType") String resourceType,
      @QueryParam("resourceId") String resourceId,
      @QueryParam("actor") String actor,
      @QueryParam("since") String since,
      @QueryParam("until") String until,
      @QueryParam("limit") Integer limit,
      @QueryParam("cursor") String cursor);
}
