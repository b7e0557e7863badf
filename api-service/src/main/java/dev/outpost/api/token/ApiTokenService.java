package dev.outpost.api.token;

import dev.outpost.api.audit.AuditLog;
import dev.outpost.api.security.ApiTokenCredential;
import dev.outpost.api.security.Caller;
import dev.outpost.api.security.Scope;
import dev.outpost.api.security.Secrets;
import dev.outpost.service.problem.Problem;
import dev.outpost.service.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Platform API tokens for automation. A tenant admin creates one with scopes; its secret is shown
 * in that one answer and stored only as a hash; it can expire and be revoked.
 */
@ApplicationScoped
public class ApiTokenService {

  private final ApiTokenRepository tokens;
  private final AuditLog audit;

  ApiTokenService(ApiTokenRepository tokens, AuditLog audit) {
    this.tokens = tokens;
    this.audit = audit;
  }

  public record ApiTokenView(
      UUID id,
      String name,
      List<String> scopes,
      String state,
      String createdBy,
      OffsetDateTime createdAt,
      OffsetDateTime expiresAt,
      OffsetDateTime lastUsedAt,
      OffsetDateTime revokedAt) {}

  /** The creation answer: the only time the secret is shown. */
  public record CreatedApiToken(ApiTokenView apiToken, String secret) {}

  @WithTransaction
  public Uni<CreatedApiToken> create(
      Caller caller, String name, List<String> scopes, OffsetDateTime expiresAt) {
    caller.requireTenantAdmin();
    var errors = new ArrayList<Problem.FieldError>();
    if (name == null || name.isBlank() || name.length() > 100) {
      errors.add(new Problem.FieldError("name", "is required, up to 100 characters"));
    }
    var parsed = new ArrayList<String>();
    if (scopes == null || scopes.isEmpty()) {
      errors.add(new Problem.FieldError("scopes", "name at least one scope"));
    } else {
      for (int i = 0; i < scopes.size(); i++) {
        var scope = Scope.parse(scopes.get(i));
        if (scope.isEmpty()) {
          errors.add(
              new Problem.FieldError(
                  "scopes[" + i + "]",
                  "'"
                      + scopes.get(i)
                      + "' is not a scope; known: "
                      + String.join(", ", Scope.all().stream().map(Scope::value).toList())));
        } else if (!parsed.contains(scope.get().value())) {
          parsed.add(scope.get().value());
        }
      }
    }
    if (expiresAt != null && !expiresAt.isAfter(OffsetDateTime.now())) {
      errors.add(new Problem.FieldError("expiresAt", "must be in the future"));
    }
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
    var secret = ApiTokenCredential.PREFIX + Secrets.randomToken(32);
    var token = new ApiTokenEntity();
    token.id = UUID.randomUUID();
    token.tenantId = caller.tenant();
    token.name = name.trim();
    token.scopes = String.join(" ", parsed);
    token.secretHash = Secrets.hash(secret);
    token.createdBy = caller.actorId();
    token.createdAt = OffsetDateTime.now();
    token.expiresAt = expiresAt;
    return tokens
        .persist(token)
        .call(
            t ->
                audit.record(
                    caller,
                    "api-token.created",
                    "api-token",
                    t.id.toString(),
                    Map.of("name", t.name, "scopes", parsed)))
        .map(t -> new CreatedApiToken(view(t), secret));
  }

  @WithSession
  public Uni<List<ApiTokenView>> list(Caller caller) {
    // Viewers see the tokens too (never a secret): the portal shows them everything, changes
    // nothing.
    caller.requireTenantUser();
    return tokens
        .listInTenant(caller.tenant())
        .map(all -> all.stream().map(ApiTokenService::view).toList());
  }

  @WithTransaction
  public Uni<Void> revoke(Caller caller, UUID id) {
    caller.requireTenantAdmin();
    return tokens
        .findInTenant(caller.tenant(), id)
        .flatMap(
            token -> {
              if (token == null) {
                throw ProblemException.notFound("API token " + id);
              }
              if (token.revokedAt != null) {
                return Uni.createFrom().voidItem();
              }
              token.revokedAt = OffsetDateTime.now();
              return audit.record(
                  caller,
                  "api-token.revoked",
                  "api-token",
                  token.id.toString(),
                  Map.of("name", token.name));
            });
  }

  static ApiTokenView view(ApiTokenEntity t) {
    var now = OffsetDateTime.now();
    var state =
        t.revokedAt != null
            ? "revoked"
            : t.expiresAt != null && !t.expiresAt.isAfter(now) ? "expired" : "active";
    return new ApiTokenView(
        t.id,
        t.name,
        List.of(t.scopes.split(" ")),
        state,
        t.createdBy,
        t.createdAt,
        t.expiresAt,
        t.lastUsedAt,
        t.revokedAt);
  }
}
