package dev.outpost.router.access;

import dev.outpost.access.policy.Action;
import dev.outpost.access.policy.Application;
import dev.outpost.access.policy.Policy;
import dev.outpost.access.policy.Selector;
import dev.outpost.access.token.AccessTokenClaims;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/** Applications, policies and token claims for the access tests, one line each. */
final class AccessFixtures {

  private AccessFixtures() {}

  /** An application named after its host and prefix, with a random id and audience. */
  static Application application(UUID tenant, String host, String prefix, Policy... policies) {
    var audience = new byte[32];
    new java.security.SecureRandom().nextBytes(audience);
    return new Application(
        UUID.randomUUID(),
        tenant,
        host + prefix,
        host,
        prefix,
        3600,
        List.of(),
        HexFormat.of().formatHex(audience),
        1,
        List.of(policies));
  }

  static Policy policy(Action action, int precedence, Selector include) {
    return Policy.of(
        UUID.randomUUID(),
        action.wireName(),
        action,
        precedence,
        List.of(include),
        List.of(),
        List.of());
  }

  /** A user's session for the application, valid from {@code issued} to {@code expires}. */
  static AccessTokenClaims user(
      String issuer, Application app, String email, Instant issued, Instant expires) {
    return AccessTokenClaims.user(
        issuer,
        app.audience(),
        "sub-" + email,
        email,
        List.of("staff"),
        "local",
        app.tenantId(),
        issued,
        expires);
  }

  /** The claims with another tenant. */
  static AccessTokenClaims ofTenant(AccessTokenClaims c, UUID tenant) {
    return new AccessTokenClaims(
        c.issuer(),
        c.audience(),
        c.subject(),
        c.email(),
        c.groups(),
        c.identityProvider(),
        tenant,
        c.serviceTokenClientId(),
        c.issuedAt(),
        c.expiresAt(),
        c.tokenId());
  }

  static String b64(String text) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The token with a claim's text changed: the signature no longer matches. */
  static String tampered(String jwt, String from, String to) {
    var parts = jwt.split("\\.");
    var payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    return parts[0] + "." + b64(payload.replace(from, to)) + "." + parts[2];
  }

  /** The token's claims under {@code alg: none}, without a signature. */
  static String unsigned(String jwt, String kid) {
    return b64("{\"alg\":\"none\",\"kid\":\"" + kid + "\"}") + "." + jwt.split("\\.")[1] + ".";
  }
}
