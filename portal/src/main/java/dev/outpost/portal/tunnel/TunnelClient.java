package dev.outpost.portal.tunnel;

import dev.outpost.portal.tunnel.TunnelModels.Configuration;
import dev.outpost.portal.tunnel.TunnelModels.ConfigurationBody;
import dev.outpost.portal.tunnel.TunnelModels.Connection;
import dev.outpost.portal.tunnel.TunnelModels.NewRoute;
import dev.outpost.portal.tunnel.TunnelModels.NewTunnel;
import dev.outpost.portal.tunnel.TunnelModels.Route;
import dev.outpost.portal.tunnel.TunnelModels.Tenant;
import dev.outpost.portal.tunnel.TunnelModels.Tunnel;
import dev.outpost.portal.tunnel.TunnelModels.TunnelDetail;
import dev.outpost.portal.tunnel.TunnelModels.TunnelWithToken;
import dev.outpost.portal.web.ApiProblems;
import dev.outpost.portal.web.Page;
import io.quarkus.oidc.token.propagation.common.AccessToken;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The api-service's tunnels, routes and configurations, called with the user's access token. */
@RegisterRestClient(configKey = "api")
@RegisterProvider(ApiProblems.class)
@AccessToken
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface TunnelClient {

  @GET
  @Path("/tenant")
  Uni<Tenant> tenant();

  @GET
  @Path("/tunnels")
  Uni<Page<Tunnel>> list(
      @QueryParam("name") String namePrefix,
      @QueryParam("status") String status,
      @QueryParam("limit") Integer limit,
      @QueryParam("cursor") String cursor);

  @POST
  @Path("/tunnels")
  Uni<TunnelWithToken> create(NewTunnel tunnel);

  @GET
  @Path("/tunnels/{id}")
  Uni<TunnelDetail> get(@PathParam("id") String id);

  @DELETE
  @Path("/tunnels/{id}")
  Uni<Void> delete(@PathParam("id") String id, @QueryParam("force") boolean force);

  @POST
  @Path("/tunnels/{id}/secret")
  Uni<TunnelWithToken> rotateSecret(@PathParam("id") String id);

  @GET
  @Path("/tunnels/{id}/connections")
  Uni<List<Connection>> connections(@PathParam("id") String id);

  @GET
  @Path("/tunnels/{id}/configuration")
  Uni<Configuration> configuration(@PathParam("id") String id);

  @PUT
  @Path("/tunnels/{id}/configuration")
  Uni<Configuration> replaceConfiguration(@PathParam("id") String id, ConfigurationBody body);

  @GET
  @Path("/routes")
  Uni<Page<Route>> routes(
      @QueryParam("tunnelId") String tunnelId,
      @QueryParam("limit") Integer limit,
      @QueryParam("cursor") String cursor);

  @POST
  @Path("/routes")
  Uni<Route> bind(NewRoute route);

  @DELETE
  @Path("/routes/{hostname}")
  Uni<Void> unbind(@PathParam("hostname") String hostname);
}
