package dev.outpost.portal.access;

import dev.outpost.portal.access.AccessModels.AccessDecision;
import dev.outpost.portal.access.AccessModels.Application;
import dev.outpost.portal.access.AccessModels.ApplicationRequest;
import dev.outpost.portal.access.AccessModels.IssuedServiceToken;
import dev.outpost.portal.access.AccessModels.Policy;
import dev.outpost.portal.access.AccessModels.PolicyOrder;
import dev.outpost.portal.access.AccessModels.PolicyRequest;
import dev.outpost.portal.access.AccessModels.ServiceToken;
import dev.outpost.portal.access.AccessModels.ServiceTokenRequest;
import dev.outpost.portal.web.ApiProblems;
import dev.outpost.portal.web.Page;
import io.quarkus.oidc.token.propagation.common.AccessToken;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
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

/** The access-service's REST API, called with the user's access token. */
@RegisterRestClient(configKey = "access")
@RegisterProvider(ApiProblems.class)
@AccessToken
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface AccessClient {

  @GET
  @Path("/applications")
  Uni<Page<Application>> applications(
      @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor);

  @POST
  @Path("/applications")
  Uni<Application> createApplication(ApplicationRequest request);

  @GET
  @Path("/applications/{id}")
  Uni<Application> application(@PathParam("id") String id);

  @PATCH
  @Path("/applications/{id}")
  Uni<Application> updateApplication(@PathParam("id") String id, ApplicationRequest request);

  @DELETE
  @Path("/applications/{id}")
  Uni<Void> deleteApplication(@PathParam("id") String id);

  @GET
  @Path("/applications/{id}/policies")
  Uni<List<Policy>> policies(@PathParam("id") String applicationId);

  @POST
  @Path("/applications/{id}/policies")
  Uni<Policy> createPolicy(@PathParam("id") String applicationId, PolicyRequest request);

  @PUT
  @Path("/applications/{id}/policies/order")
  Uni<List<Policy>> reorderPolicies(@PathParam("id") String applicationId, PolicyOrder order);

  @PUT
  @Path("/applications/{id}/policies/{policyId}")
  Uni<Policy> replacePolicy(
      @PathParam("id") String applicationId,
      @PathParam("policyId") String policyId,
      PolicyRequest request);

  @DELETE
  @Path("/applications/{id}/policies/{policyId}")
  Uni<Void> deletePolicy(
      @PathParam("id") String applicationId, @PathParam("policyId") String policyId);

  @GET
  @Path("/service-tokens")
  Uni<Page<ServiceToken>> serviceTokens(
      @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor);

  @POST
  @Path("/service-tokens")
  Uni<IssuedServiceToken> createServiceToken(ServiceTokenRequest request);

  @GET
  @Path("/service-tokens/{id}")
  Uni<ServiceToken> serviceToken(@PathParam("id") String id);

  @POST
  @Path("/service-tokens/{id}/rotate")
  Uni<IssuedServiceToken> rotateServiceToken(@PathParam("id") String id);

  @DELETE
  @Path("/service-tokens/{id}")
  Uni<Void> revokeServiceToken(@PathParam("id") String id);

  @GET
  @Path("/access-log")
  Uni<Page<AccessDecision>> accessLog(
      @QueryParam("applicationId") String applicationId,
      @QueryParam("email") String email,
      @QueryParam("decision") String decision,
      @QueryParam("since") String since,
      @QueryParam("until") String until,
      @QueryParam("limit") Integer limit,
      @QueryParam("cursor") String cursor);
}
