package dev.outpost.router.access;

import dev.outpost.access.policy.AccessPolicyException;
import dev.outpost.access.policy.Application;
import dev.outpost.access.policy.ApplicationTable;
import dev.outpost.access.policy.CompiledApplication;
import dev.outpost.access.token.AccessTokenVerifier;
import dev.outpost.events.ServiceTokenRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * What the edge enforces, built from the access topics and kept in memory so that access keeps
 * being decided while Kafka is unreachable: each tenant's applications (compiled), the service
 * tokens by client id, and a verifier holding the access-service's public signing keys.
 *
 * <p><b>Tenants.</b> Applications are kept in one table per tenant, and a request is matched only
 * against the table of the tenant whose tunnel serves its host: an application never applies to
 * another tenant's hostname, even if both name it.
 *
 * <p><b>An application that does not compile</b> (a newer access-service wrote a rule this router
 * does not know) stays closed: it is kept without its policies, which denies everyone, rather than
 * dropped, which would leave its host open.
 *
 * <p>Threading contract: readers ({@link #match}, {@link #onHost}, {@link #serviceToken}, {@link
 * #verifier}) take no lock and never block, so they run on event loops; they read immutable tables
 * from concurrent maps and a volatile verifier. Writers (the Kafka listeners) are synchronized
 * among themselves.
 */
public final class AccessView {

  private static final Logger LOG = Logger.getLogger(AccessView.class);

  private final ConcurrentHashMap<UUID, ApplicationTable> tables = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, ServiceTokenRecord> tokensByClientId =
      new ConcurrentHashMap<>();
  // Writers only (synchronized): where each application and token is, and its revision.
  private final Map<UUID, Held> applications = new HashMap<>();
  private final Map<UUID, ServiceTokenRecord> tokensById = new HashMap<>();
  private volatile AccessTokenVerifier verifier;

  private record Held(UUID tenantId, long revision) {}

  /**
   * @param issuer the {@code iss} the access-service signs with (its public URL)
   */
  public AccessView(String issuer) {
    this.verifier = AccessTokenVerifier.of(issuer, List.of());
  }

  /** The application that protects a request to a tunnel of {@code tenantId}, if any. */
  public Optional<CompiledApplication> match(UUID tenantId, String host, String path) {
    var table = tenantId == null ? null : tables.get(tenantId);
    return table == null ? Optional.empty() : table.match(host, path);
  }

  /** The tenant's applications on {@code host}, longest prefix first. */
  public List<CompiledApplication> onHost(UUID tenantId, String host) {
    var table = tenantId == null ? null : tables.get(tenantId);
    return table == null ? List.of() : table.onHost(host);
  }

  /** The service token with this client id, in whatever state (check it with accepts). */
  public Optional<ServiceTokenRecord> serviceToken(String clientId) {
    return clientId == null
        ? Optional.empty()
        : Optional.ofNullable(tokensByClientId.get(clientId));
  }

  /** Verifies access tokens with the keys heard of so far; replaced when keys come or go. */
  public AccessTokenVerifier verifier() {
    return verifier;
  }

  /**
   * Takes an application unless an equal or newer revision of it is held.
   *
   * @return whether the view changed
   */
  public synchronized boolean applyApplication(Application application) {
    Objects.requireNonNull(application.id(), "application id");
    Objects.requireNonNull(application.tenantId(), "application tenantId");
    var held = applications.get(application.id());
    if (held != null && held.revision() >= application.revision()) {
      return false;
    }
    var compiled = compile(application);
    if (held != null) {
      tables.computeIfPresent(held.tenantId(), (t, table) -> table.without(application.id()));
    }
    tables.merge(
        application.tenantId(),
        ApplicationTable.EMPTY.with(compiled),
        (table, ignored) -> table.with(compiled));
    applications.put(application.id(), new Held(application.tenantId(), application.revision()));
    return true;
  }

  /** Forgets an application (a tombstone: it was deleted). */
  public synchronized boolean removeApplication(UUID id) {
    var held = applications.remove(id);
    if (held == null) {
      return false;
    }
    tables.computeIfPresent(held.tenantId(), (t, table) -> table.without(id));
    return true;
  }

  /**
   * Takes a service token's record unless an equal or newer revision is held; null is a tombstone.
   *
   * @return whether the view changed
   */
  public synchronized boolean applyServiceToken(UUID id, ServiceTokenRecord record) {
    var held = tokensById.get(id);
    if (record == null) {
      if (held == null) {
        return false;
      }
      tokensById.remove(id);
      tokensByClientId.remove(held.clientId(), held);
      return true;
    }
    if (record.clientId() == null || record.tenantId() == null || record.secretHash() == null) {
      throw new IllegalArgumentException("service token record without clientId, tenant or hash");
    }
    if (!id.equals(record.id())) {
      throw new IllegalArgumentException("the key is not the record's token id");
    }
    if (held != null && held.revision() >= record.revision()) {
      return false;
    }
    if (held != null && !held.clientId().equals(record.clientId())) {
      tokensByClientId.remove(held.clientId(), held);
    }
    tokensById.put(id, record);
    tokensByClientId.put(record.clientId(), record);
    return true;
  }

  /** Trusts a signing key ({@code jwk} public), or forgets it when {@code jwk} is null. */
  public synchronized void applySigningKey(String kid, Map<String, Object> jwk) {
    verifier = jwk == null ? verifier.withoutKey(kid) : verifier.withKey(jwk);
  }

  public int applicationCount() {
    return tables.values().stream().mapToInt(ApplicationTable::size).sum();
  }

  public int serviceTokenCount() {
    return tokensByClientId.size();
  }

  private static CompiledApplication compile(Application application) {
    try {
      return CompiledApplication.compile(application);
    } catch (AccessPolicyException e) {
      LOG.warnf(
          "application %s does not compile, kept closed (no policy lets anyone in): %s",
          application.id(), e.getMessage());
      // Without its policies it denies everyone; the hostname and prefix must still be valid.
      return CompiledApplication.compile(
          new Application(
              application.id(),
              application.tenantId(),
              application.name() == null ? "unreadable" : application.name(),
              application.hostname(),
              application.pathPrefix(),
              Application.MIN_SESSION_SECONDS,
              List.of(),
              application.audience(),
              Math.max(0, application.revision()),
              List.of()));
    }
  }
}
