package dev.outpost.portal.token;

import dev.outpost.portal.web.ApiProblems;
import io.quarkus.oidc.token.propagation.common.AccessToken;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The api-service's platform API tokens, called with the user's access token. */
@RegisterRestClient(configKey = "api")
@RegisterProvider(ApiProblems.class)
@AccessToken
@Path("/v1/api-tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface ApiTokenClient {

  /**
   * @param state active, expired or revoked
   */
  record ApiToken(
      String id,
      String name,
      List<String> scopes,
      String state,
      String createdBy,
      OffsetDateTime createdAt,
      OffsetDateTime expiresAt,
      OffsetDateTime lastUsedAt,
      OffsetDateTime revokedAt) {}

  record NewApiToken(String name, List<String> scopes, String expiresAt) {}

  /** The creation answer: the only time the secret is shown. */
  record CreatedApiToken(ApiToken apiToken, String secret) {}

  @GET
  Uni<List<ApiToken>> list();

  @POST
  Uni<CreatedApiToken> create(NewApiToken token);

  @DELETE
  @Path("/{id}")
  Uni<Void> revoke(@PathParam("id") String id);
}
