package dev.outpost.access.servicetoken;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /token}: the edge exchanges a service token for an access token of one application
 * (client credentials). Answers as OAuth does: {@code access_token}, {@code token_type}, {@code
 * expires_in}; or {@code error} and {@code error_description} with 400, 401 or 403. See
 * docs/access.md.
 */
@Path("/token")
@Tag(name = "token", description = "The edge's exchange of service tokens for access tokens")
public class TokenExchangeResource {

  private static final CacheControl NO_STORE = CacheControl.valueOf("no-store");

  private final TokenExchangeService exchange;

  TokenExchangeResource(TokenExchangeService exchange) {
    this.exchange = exchange;
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Exchange a service token for an application's access token (the edge's call)",
      description =
          "Form: grant_type=client_credentials, client_id, client_secret, application (its id),"
              + " client_ip (optional: the address the edge saw; the caller's otherwise).")
  public Uni<Response> token(
      @FormParam("grant_type") String grantType,
      @FormParam("client_id") String clientId,
      @FormParam("client_secret") String clientSecret,
      @FormParam("application") String application,
      @FormParam("client_ip") String clientIp,
      @Context HttpServerRequest request) {
    if (!"client_credentials".equals(grantType)) {
      return Uni.createFrom()
          .item(
              error(
                  400,
                  "unsupported_grant_type",
                  "only grant_type=client_credentials is supported"));
    }
    var ip =
        clientIp != null && !clientIp.isBlank()
            ? clientIp
            : request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    return Uni.createFrom()
        .deferred(() -> exchange.exchange(clientId, clientSecret, application, ip))
        .map(
            issued -> {
              var body = new LinkedHashMap<String, Object>();
              body.put("access_token", issued.accessToken());
              body.put("token_type", "Bearer");
              body.put("expires_in", issued.expiresIn());
              return Response.ok(body).cacheControl(NO_STORE).build();
            })
        .onFailure(TokenExchangeService.Refused.class)
        .recoverWithItem(
            failure -> {
              var refused = (TokenExchangeService.Refused) failure;
              return error(refused.status(), refused.error(), refused.getMessage());
            });
  }

  private static Response error(int status, String error, String description) {
    return Response.status(status)
        .entity(Map.of("error", error, "error_description", description))
        .type(MediaType.APPLICATION_JSON_TYPE)
        .cacheControl(NO_STORE)
        .build();
  }
}
