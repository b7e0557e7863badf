package dev.outpost.access.signingkey;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The public keys access tokens are signed with, as a JWK Set (RFC 7517): for origins that verify
 * the {@code Outpost-Access-Jwt-Assertion} header themselves. Public, cacheable for five minutes; a
 * new key signs as soon as it is made, so an origin that meets an unknown kid fetches again.
 */
@Path("/.well-known/jwks.json")
@Tag(name = "access tokens", description = "The keys that verify access tokens")
public class JwksResource {

  private static final CacheControl CACHE = CacheControl.valueOf("public, max-age=300");

  private final SigningKeyService keys;

  JwksResource(SigningKeyService keys) {
    this.keys = keys;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "The public keys (JWK Set) that verify access tokens")
  public Uni<Response> jwks() {
    return keys.current()
        .flatMap(signing -> keys.publicKeys())
        .map(list -> Response.ok(Map.of("keys", list)).cacheControl(CACHE).build());
  }
}
