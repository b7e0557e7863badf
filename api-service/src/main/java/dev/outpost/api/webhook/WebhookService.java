package dev.outpost.api.webhook;

import dev.outpost.api.audit.AuditLog;
import dev.outpost.api.security.Caller;
import dev.outpost.api.security.Scope;
import dev.outpost.api.tunnel.TunnelRepository;
import dev.outpost.api.web.TimeIdCursor;
import dev.outpost.service.problem.Problem;
import dev.outpost.service.problem.ProblemException;
import dev.outpost.service.web.Page;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A tenant's webhook subscriptions: create (the signing secret is shown once), list, read, change,
 * delete, rotate the secret (the old one keeps signing for a grace period). Writes need {@code
 * webhooks:write}, reads {@code webhooks:read}; another tenant's subscription does not exist.
 */
@ApplicationScoped
public class WebhookService {

  /** What a tenant sends; absent fields are unchanged by an update. */
  public record WebhookRequest(
      String url, List<String> eventTypes, String tunnelId, String description, Boolean enabled) {}

  private final WebhookSubscriptionRepository subscriptions;
  private final WebhookDeliveryRepository deliveries;
  private final TunnelRepository tunnels;
  private final SecretSealer sealer;
  private final AuditLog audit;
  private final WebhookConfig config;
  private final DestinationGuard guard;

  WebhookService(
      WebhookSubscriptionRepository subscriptions,
      WebhookDeliveryRepository deliveries,
      TunnelRepository tunnels,
      SecretSealer sealer,
      AuditLog audit,
      WebhookConfig config) {
    this.subscriptions = subscriptions;
    this.deliveries = deliveries;
    this.tunnels = tunnels;
    this.sealer = sealer;
    this.audit = audit;
    this.config = config;
    this.guard = new DestinationGuard(config.allowPrivateDestinations());
  }

  @WithTransaction
  public Uni<WebhookViews.WebhookWithSecret> create(Caller caller, WebhookRequest request) {
    caller.require(Scope.WEBHOOKS_WRITE);
    var errors = new ArrayList<Problem.FieldError>();
    var url = WebhookRequests.url(request.url(), guard, errors);
    var types = WebhookRequests.eventTypes(request.eventTypes(), errors);
    var tunnelId = WebhookRequests.tunnelId(request.tunnelId(), errors);
    var description = WebhookRequests.description(request.description(), errors);
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
    var now = OffsetDateTime.now();
    var secret = WebhookSignature.newSecret();
    var subscription = new WebhookSubscriptionEntity();
    subscription.id = UUID.randomUUID();
    subscription.tenantId = caller.tenant();
    subscription.url = url;
    subscription.eventTypes = String.join(" ", types);
    subscription.tunnelId = tunnelId;
    subscription.description = description;
    subscription.enabled = request.enabled() == null || request.enabled();
    subscription.secretSealed = sealer.seal(secret, subscription.id.toString());
    subscription.createdBy = caller.actorId();
    subscription.createdAt = now;
    subscription.updatedAt = now;
    if (!subscription.enabled) {
      subscription.disabledAt = now;
    }
    return requireTunnel(caller, tunnelId)
        .flatMap(ok -> subscriptions.persist(subscription))
        .call(
            s ->
                audit.record(
                    caller,
                    "webhook.created",
                    "webhook",
                    s.id.toString(),
                    details(s.url, types, tunnelId, s.enabled)))
        .map(s -> new WebhookViews.WebhookWithSecret(WebhookViews.of(s, now), secret));
  }

  @WithSession
  public Uni<Page<WebhookViews.WebhookView>> list(Caller caller, Integer limit, String cursor) {
    caller.require(Scope.WEBHOOKS_READ);
    int size = Page.size(limit);
    var after = TimeIdCursor.decode(cursor);
    var now = OffsetDateTime.now();
    return subscriptions
        .page(
            caller.tenant(),
            after == null ? null : after.createdAt(),
            after == null ? null : after.id(),
            size + 1)
        .map(
            found ->
                Page.of(
                    found.stream().map(s -> WebhookViews.of(s, now)).toList(),
                    size,
                    WebhookViews::cursorOf));
  }

  @WithSession
  public Uni<WebhookViews.WebhookView> get(Caller caller, UUID id) {
    caller.require(Scope.WEBHOOKS_READ);
    return existing(caller, id).map(s -> WebhookViews.of(s, OffsetDateTime.now()));
  }

  /**
   * Changes what is sent. Enabling a disabled subscription clears its failure state, and its
   * deliveries still pending (held while it was disabled) go out at once, in order.
   */
  @WithTransaction
  public Uni<WebhookViews.WebhookView> update(Caller caller, UUID id, WebhookRequest request) {
    caller.require(Scope.WEBHOOKS_WRITE);
    var errors = new ArrayList<Problem.FieldError>();
    var url = request.url() == null ? null : WebhookRequests.url(request.url(), guard, errors);
    var types =
        request.eventTypes() == null
            ? null
            : WebhookRequests.eventTypes(request.eventTypes(), errors);
    var tunnelId = WebhookRequests.tunnelId(request.tunnelId(), errors);
    var description = WebhookRequests.description(request.description(), errors);
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
    // An empty tunnelId removes the filter; an absent one leaves it.
    boolean clearsTunnel = request.tunnelId() != null && request.tunnelId().isBlank();
    var now = OffsetDateTime.now();
    var changes = new LinkedHashMap<String, Object>();
    return locked(caller, id)
        .call(s -> requireTunnel(caller, tunnelId))
        .call(
            s -> {
              if (url != null && !url.equals(s.url)) {
                s.url = url;
                changes.put("url", url);
              }
              if (types != null && !String.join(" ", types).equals(s.eventTypes)) {
                s.eventTypes = String.join(" ", types);
                changes.put("eventTypes", types);
              }
              if (tunnelId != null && !tunnelId.equals(s.tunnelId)) {
                s.tunnelId = tunnelId;
                changes.put("tunnelId", tunnelId.toString());
              } else if (clearsTunnel && s.tunnelId != null) {
                s.tunnelId = null;
                changes.put("tunnelId", "any");
              }
              if (request.description() != null) {
                s.description = description;
              }
              if (request.enabled() == null || request.enabled() == s.enabled) {
                return Uni.createFrom().voidItem();
              }
              s.enabled = request.enabled();
              changes.put("enabled", s.enabled);
              if (!s.enabled) {
                s.disabledAt = now;
                return Uni.createFrom().voidItem();
              }
              s.disabledAt = null;
              s.disabledReason = null;
              s.failingSince = null;
              return deliveries.resume(caller.tenant(), s.id, now).replaceWithVoid();
            })
        .call(
            s -> {
              s.updatedAt = now;
              return changes.isEmpty()
                  ? Uni.createFrom().voidItem()
                  : audit.record(caller, "webhook.updated", "webhook", s.id.toString(), changes);
            })
        .map(s -> WebhookViews.of(s, now));
  }

  /** Deletes the subscription with its deliveries and their log. */
  @WithTransaction
  public Uni<Void> delete(Caller caller, UUID id) {
    caller.require(Scope.WEBHOOKS_WRITE);
    return locked(caller, id)
        .call(
            s ->
                audit.record(
                    caller, "webhook.deleted", "webhook", s.id.toString(), Map.of("url", s.url)))
        .call(subscriptions::delete)
        .replaceWithVoid();
  }

  /**
   * A new signing secret, shown in this answer only. Until {@code gracePeriod} (ISO-8601; the
   * configured default when absent) has passed, deliveries carry a signature with the old secret
   * too, so a receiver can switch at its own pace.
   */
  @WithTransaction
  public Uni<WebhookViews.WebhookWithSecret> rotateSecret(
      Caller caller, UUID id, String gracePeriod) {
    caller.require(Scope.WEBHOOKS_WRITE);
    var errors = new ArrayList<Problem.FieldError>();
    var grace = WebhookRequests.gracePeriod(gracePeriod, config.secretGracePeriod(), errors);
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
    var now = OffsetDateTime.now();
    var secret = WebhookSignature.newSecret();
    return locked(caller, id)
        .invoke(
            s -> {
              s.previousSecretSealed = grace.isZero() ? null : s.secretSealed;
              s.previousSecretUntil = grace.isZero() ? null : now.plus(grace);
              s.secretSealed = sealer.seal(secret, s.id.toString());
              s.secretRotatedAt = now;
              s.updatedAt = now;
            })
        .call(
            s ->
                audit.record(
                    caller,
                    "webhook.secret-rotated",
                    "webhook",
                    s.id.toString(),
                    Map.of("gracePeriod", grace.toString())))
        .map(s -> new WebhookViews.WebhookWithSecret(WebhookViews.of(s, now), secret));
  }

  /** A subscription of the caller's tenant; 404 otherwise (never 403). */
  Uni<WebhookSubscriptionEntity> existing(Caller caller, UUID id) {
    return subscriptions.findInTenant(caller.tenant(), id).map(s -> found(s, id));
  }

  private Uni<WebhookSubscriptionEntity> locked(Caller caller, UUID id) {
    return subscriptions.lockInTenant(caller.tenant(), id).map(s -> found(s, id));
  }

  private static WebhookSubscriptionEntity found(WebhookSubscriptionEntity s, UUID id) {
    if (s == null) {
      throw ProblemException.notFound("webhook " + id);
    }
    return s;
  }

  /** The tunnel filter must name a live tunnel of the caller's tenant; 404 otherwise, as routes. */
  private Uni<Void> requireTunnel(Caller caller, UUID tunnelId) {
    if (tunnelId == null) {
      return Uni.createFrom().voidItem();
    }
    return tunnels
        .findInTenant(caller.tenant(), tunnelId)
        .invoke(
            tunnel -> {
              if (tunnel == null || tunnel.deletedAt != null) {
                throw ProblemException.notFound("tunnel " + tunnelId);
              }
            })
        .replaceWithVoid();
  }

  private static Map<String, Object> details(
      String url, List<String> types, UUID tunnelId, boolean enabled) {
    var details = new LinkedHashMap<String, Object>();
    details.put("url", url);
    details.put("eventTypes", types);
    if (tunnelId != null) {
      details.put("tunnelId", tunnelId.toString());
    }
    details.put("enabled", enabled);
    return details;
  }
}
