package dev.outpost.access.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.access.config.AccessConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.VerificationJwkSelector;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * The identity provider (Keycloak) as the login flow uses it, over OpenID Connect: discovery, the
 * code exchange and the ID token's validation against the provider's own JWKS. Non-blocking: every
 * call completes on the caller's Vert.x context.
 */
@ApplicationScoped
public class IdentityProviderClient {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final Duration METADATA_TTL = Duration.ofMinutes(10);
  private static final int CLOCK_SKEW_SECONDS = 30;

  private final AccessConfig config;
  private final ObjectMapper json;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private volatile Metadata metadata;
  private volatile JsonWebKeySet keys;

  IdentityProviderClient(AccessConfig config, ObjectMapper json) {
    this.config = config;
    this.json = json;
  }

  /** What discovery says; the endpoints the flow needs. */
  public record Metadata(
      String issuer,
      URI authorizationEndpoint,
      URI tokenEndpoint,
      URI jwksUri,
      URI endSessionEndpoint,
      Instant fetchedAt) {}

  /** The ID token's claims the policies look at. */
  public record IdentityClaims(
      String subject, String email, List<String> groups, String identityProvider) {}

  /** The provider's metadata, from its {@code .well-known/openid-configuration}, cached. */
  public Uni<Metadata> metadata() {
    var known = metadata;
    if (known != null && known.fetchedAt().plus(METADATA_TTL).isAfter(Instant.now())) {
      return Uni.createFrom().item(known);
    }
    var issuer = config.identityProviderUrl().toString().replaceAll("/+$", "");
    return get(URI.create(issuer + "/.well-known/openid-configuration"))
        .map(
            body -> {
              var node = read(body);
              if (!issuer.equals(node.path("issuer").asText())) {
                throw new LoginException(
                    "the identity provider names another issuer: " + node.path("issuer").asText());
              }
              var fresh =
                  new Metadata(
                      issuer,
                      URI.create(node.path("authorization_endpoint").asText()),
                      URI.create(node.path("token_endpoint").asText()),
                      URI.create(node.path("jwks_uri").asText()),
                      node.hasNonNull("end_session_endpoint")
                          ? URI.create(node.path("end_session_endpoint").asText())
                          : null,
                      Instant.now());
              metadata = fresh;
              return fresh;
            });
  }

  /** Exchanges the authorization code for the ID token, proving the PKCE verifier. */
  public Uni<String> exchange(String code, String verifier, URI redirectUri) {
    var form = new LinkedHashMap<String, String>();
    form.put("grant_type", "authorization_code");
    form.put("code", code);
    form.put("redirect_uri", redirectUri.toString());
    form.put("code_verifier", verifier);
    form.put("client_id", config.clientId());
    return metadata()
        .flatMap(
            meta -> {
              var request =
                  HttpRequest.newBuilder(meta.tokenEndpoint())
                      .timeout(TIMEOUT)
                      .header("Content-Type", "application/x-www-form-urlencoded")
                      .header("Accept", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(formBody(form)));
              config
                  .clientSecret()
                  .ifPresent(
                      secret ->
                          request.header(
                              "Authorization",
                              "Basic "
                                  + Base64.getEncoder()
                                      .encodeToString(
                                          (encode(config.clientId()) + ":" + encode(secret))
                                              .getBytes(StandardCharsets.UTF_8))));
              return send(request.build());
            })
        .map(
            response -> {
              var node = read(response.body());
              if (response.statusCode() != 200 || !node.hasNonNull("id_token")) {
                throw new LoginException(
                    "the identity provider refused the code ("
                        + response.statusCode()
                        + " "
                        + node.path("error").asText("no id_token")
                        + ")");
              }
              return node.path("id_token").asText();
            });
  }

  /**
   * Checks the ID token: signature with the provider's JWKS (fetched again once for an unknown
   * key), issuer, audience (this client), expiry and the nonce of this login.
   */
  public Uni<IdentityClaims> verify(String idToken, String nonce) {
    return metadata()
        .flatMap(meta -> keysFor(idToken, meta))
        .map(
            keySet -> {
              JwtClaims claims;
              try {
                claims =
                    new JwtConsumerBuilder()
                        .setExpectedIssuer(metadata.issuer())
                        .setExpectedAudience(config.clientId())
                        .setRequireExpirationTime()
                        .setRequireIssuedAt()
                        .setRequireSubject()
                        .setAllowedClockSkewInSeconds(CLOCK_SKEW_SECONDS)
                        .setJwsAlgorithmConstraints(
                            new AlgorithmConstraints(
                                ConstraintType.PERMIT,
                                AlgorithmIdentifiers.RSA_USING_SHA256,
                                AlgorithmIdentifiers.RSA_PSS_USING_SHA256,
                                AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256))
                        .setVerificationKeyResolver(
                            (jws, nested) -> {
                              try {
                                var key =
                                    new VerificationJwkSelector()
                                        .select(jws, keySet.getJsonWebKeys());
                                if (key == null) {
                                  throw new UnresolvableKeyException("no key for the ID token");
                                }
                                return key.getKey();
                              } catch (JoseException e) {
                                throw new UnresolvableKeyException(e.getMessage(), e);
                              }
                            })
                        .build()
                        .processToClaims(idToken);
                if (!nonce.equals(claims.getStringClaimValue("nonce"))) {
                  throw new LoginException("the ID token's nonce is not this login's");
                }
                var email = claims.getStringClaimValue("email");
                List<String> groups =
                    claims.hasClaim("groups")
                        ? claims.getStringListClaimValue("groups")
                        : List.of();
                var idp = claims.getStringClaimValue("idp");
                return new IdentityClaims(
                    claims.getSubject(),
                    email,
                    groups,
                    idp == null || idp.isBlank() ? LoginService.LOCAL_PROVIDER : idp);
              } catch (InvalidJwtException | org.jose4j.jwt.MalformedClaimException e) {
                throw new LoginException("the ID token is not valid: " + e.getMessage());
              }
            });
  }

  private Uni<JsonWebKeySet> keysFor(String idToken, Metadata meta) {
    var known = keys;
    if (known != null && hasKey(known, idToken)) {
      return Uni.createFrom().item(known);
    }
    return get(meta.jwksUri())
        .map(
            body -> {
              try {
                var fresh = new JsonWebKeySet(body);
                keys = fresh;
                return fresh;
              } catch (JoseException e) {
                throw new LoginException("the identity provider's JWKS is unreadable");
              }
            });
  }

  private static boolean hasKey(JsonWebKeySet set, String token) {
    try {
      var jws = new JsonWebSignature();
      jws.setCompactSerialization(token);
      var kid = jws.getKeyIdHeaderValue();
      return set.getJsonWebKeys().stream().anyMatch(k -> kid != null && kid.equals(k.getKeyId()));
    } catch (JoseException e) {
      return true; // malformed: verification will say so
    }
  }

  private Uni<String> get(URI uri) {
    return send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build())
        .map(
            response -> {
              if (response.statusCode() != 200) {
                throw new LoginException(uri + " answered " + response.statusCode());
              }
              return response.body();
            });
  }

  private Uni<HttpResponse<String>> send(HttpRequest request) {
    Context context = Vertx.currentContext();
    var uni =
        Uni.createFrom()
            .completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
            .onFailure(IOException.class)
            .transform(e -> new LoginException("the identity provider is unreachable"));
    if (context == null) {
      return uni;
    }
    // The answer arrives on an HTTP client thread; the rest of the flow belongs to the context.
    Executor onContext = task -> context.runOnContext(ignored -> task.run());
    return uni.emitOn(onContext);
  }

  private JsonNode read(String body) {
    try {
      return json.readTree(body);
    } catch (IOException e) {
      throw new LoginException("the identity provider answered something that is not JSON");
    }
  }

  static String formBody(Map<String, String> form) {
    return form.entrySet().stream()
        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
