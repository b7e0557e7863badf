package dev.outpost.access.servicetoken;

import dev.outpost.access.config.AccessConfig;
import dev.outpost.access.security.Caller;
import dev.outpost.events.ServiceTokenRecord;
import dev.outpost.events.Topic;
import dev.outpost.service.outbox.Outbox;
import dev.outpost.service.problem.Problem.FieldError;
import dev.outpost.service.problem.ProblemException;
import dev.outpost.service.web.Page;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Service tokens: machine credentials ({@code clientId} + {@code clientSecret}) that {@code
 * service_auth} policies admit. The secret is shown once (on creation and on rotation) and kept
 * only as a hash; every change is published on {@link Topic#SERVICE_TOKENS} for the edge.
 */
@ApplicationScoped
public class ServiceTokenService {

  static final Duration MIN_DURATION = Duration.ofHours(1);
  static final Duration MAX_DURATION = Duration.ofDays(3650);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final ServiceTokenRepository tokens;
  private final Outbox outbox;
  private final AccessConfig config;

  ServiceTokenService(ServiceTokenRepository tokens, Outbox outbox, AccessConfig config) {
    this.tokens = tokens;
    this.outbox = outbox;
    this.config = config;
  }

  /**
   * What a caller sends: a name and, optionally, how long the token lives (ISO-8601, such as {@code
   * P30D}) or until when; one year when neither is given.
   */
  public record ServiceTokenRequest(String name, String duration, OffsetDateTime expiresAt) {}

  /** A token as the API shows it, never with its secret. state: active, expired or revoked. */
  public record ServiceTokenView(
      UUID id,
      UUID tenantId,
      String name,
      String clientId,
      String state,
      boolean revoked,
      String createdBy,
      OffsetDateTime createdAt,
      OffsetDateTime expiresAt,
      OffsetDateTime lastRotatedAt,
      OffsetDateTime revokedAt) {}

  /** The answer to a creation or rotation: the only time the secret is shown. */
  public record IssuedServiceToken(
      ServiceTokenView serviceToken, String clientId, String clientSecret) {}

  @WithTransaction
  public Uni<IssuedServiceToken> create(Caller caller, ServiceTokenRequest request) {
    var tenant = caller.writableTenant();
    var errors = new ArrayList<FieldError>();
    // PostgreSQL keeps microseconds: what the answer shows is what a later read shows.
    var now = OffsetDateTime.now().truncatedTo(ChronoUnit.MICROS);
    String name = null;
    if (request.name() == null
        || request.name().isBlank()
        || request.name().trim().length() > 100) {
      errors.add(new FieldError("name", "is required, up to 100 characters"));
    } else {
      name = request.name().trim();
    }
    var expiresAt = expiry(request, now, errors);
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
    var token = new ServiceTokenEntity();
    token.id = UUID.randomUUID();
    token.tenantId = tenant;
    token.name = name;
    token.clientId = HexFormat.of().formatHex(randomBytes(16)) + ".access";
    var secret = newSecret();
    token.secretHash = ServiceTokenRecord.hash(token.clientId, secret);
    token.createdBy = caller.actorId();
    token.createdAt = now;
    token.expiresAt = expiresAt.truncatedTo(ChronoUnit.MICROS);
    token.revision = 0;
    return tokens
        .persist(token)
        .call(this::publish)
        .map(t -> new IssuedServiceToken(view(t), t.clientId, secret));
  }

  /** A new secret; the old one stops working. The expiry stays. */
  @WithTransaction
  public Uni<IssuedServiceToken> rotate(Caller caller, UUID id) {
    var tenant = caller.writableTenant();
    return locked(tenant, id)
        .flatMap(
            token -> {
              if (token.revokedAt != null) {
                throw ProblemException.conflict("service token " + id + " is revoked");
              }
              var secret = newSecret();
              token.secretHash = ServiceTokenRecord.hash(token.clientId, secret);
              token.lastRotatedAt = OffsetDateTime.now().truncatedTo(ChronoUnit.MICROS);
              return publish(token)
                  .map(ok -> new IssuedServiceToken(view(token), token.clientId, secret));
            });
  }

  /** Revokes for good; the token stays listed as revoked. Revoking twice changes nothing. */
  @WithTransaction
  public Uni<Void> revoke(Caller caller, UUID id) {
    var tenant = caller.writableTenant();
    return locked(tenant, id)
        .flatMap(
            token -> {
              if (token.revokedAt != null) {
                return Uni.createFrom().voidItem();
              }
              token.revokedAt = OffsetDateTime.now().truncatedTo(ChronoUnit.MICROS);
              return publish(token);
            });
  }

  @WithSession
  public Uni<ServiceTokenView> get(Caller caller, UUID id) {
    return tokens
        .findVisible(caller.readableTenant(), id)
        .map(
            token -> {
              if (token == null) {
                throw ProblemException.notFound("service token " + id);
              }
              return view(token);
            });
  }

  @WithSession
  public Uni<Page<ServiceTokenView>> list(Caller caller, Integer limit, String cursor) {
    var visibleTo = caller.readableTenant();
    int size = Page.size(limit);
    var after = Page.decode(cursor);
    if (after != null) {
      try {
        UUID.fromString(after);
      } catch (IllegalArgumentException e) {
        throw ProblemException.invalid("cursor", "not a cursor this API issued");
      }
    }
    return tokens
        .listVisible(visibleTo, after, size + 1)
        .map(
            found ->
                Page.of(
                    found.stream().map(ServiceTokenService::view).toList(),
                    size,
                    v -> v.id().toString()));
  }

  private Uni<ServiceTokenEntity> locked(UUID tenant, UUID id) {
    return tokens
        .lockInTenant(tenant, id)
        .map(
            token -> {
              if (token == null) {
                throw ProblemException.notFound("service token " + id);
              }
              return token;
            });
  }

  private Uni<Void> publish(ServiceTokenEntity token) {
    token.revision = token.revision + 1;
    return outbox
        .enqueue(Topic.SERVICE_TOKENS, token.id.toString(), ServiceTokenRecord.TYPE, record(token))
        .replaceWithVoid();
  }

  /** The token as the edge sees it, which also checks a presented secret ({@code accepts}). */
  static ServiceTokenRecord record(ServiceTokenEntity token) {
    return new ServiceTokenRecord(
        token.id,
        token.tenantId,
        token.clientId,
        token.secretHash,
        token.expiresAt,
        token.revokedAt != null,
        token.revision);
  }

  private OffsetDateTime expiry(
      ServiceTokenRequest request, OffsetDateTime now, ArrayList<FieldError> errors) {
    if (request.duration() != null && request.expiresAt() != null) {
      errors.add(new FieldError("duration", "give duration or expiresAt, not both"));
      return null;
    }
    if (request.expiresAt() != null) {
      if (request.expiresAt().isBefore(now.plus(MIN_DURATION))
          || request.expiresAt().isAfter(now.plus(MAX_DURATION))) {
        errors.add(new FieldError("expiresAt", "must be between one hour and ten years from now"));
      }
      return request.expiresAt();
    }
    if (request.duration() != null) {
      Duration duration;
      try {
        duration = Duration.parse(request.duration());
      } catch (DateTimeParseException e) {
        errors.add(
            new FieldError(
                "duration",
                "'" + request.duration() + "' is not an ISO-8601 duration such as P30D"));
        return null;
      }
      if (duration.compareTo(MIN_DURATION) < 0 || duration.compareTo(MAX_DURATION) > 0) {
        errors.add(new FieldError("duration", "must be between PT1H and P3650D"));
        return null;
      }
      return now.plus(duration);
    }
    return now.plus(config.defaultServiceTokenDuration());
  }

  static ServiceTokenView view(ServiceTokenEntity token) {
    var state =
        token.revokedAt != null
            ? "revoked"
            : token.expiresAt.isAfter(OffsetDateTime.now()) ? "active" : "expired";
    return new ServiceTokenView(
        token.id,
        token.tenantId,
        token.name,
        token.clientId,
        state,
        token.revokedAt != null,
        token.createdBy,
        token.createdAt,
        token.expiresAt,
        token.lastRotatedAt,
        token.revokedAt);
  }

  /** 256 random bits, hex: high entropy is what makes a fast hash a safe stored form. */
  private static String newSecret() {
    return HexFormat.of().formatHex(randomBytes(32));
  }

  private static byte[] randomBytes(int length) {
    var bytes = new byte[length];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
