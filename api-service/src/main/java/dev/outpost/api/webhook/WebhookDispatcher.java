package dev.outpost.api.webhook;

import dev.outpost.api.background.Background;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Sends due deliveries. A claim (one short transaction) reserves due deliveries for this process
 * with a lease ({@link WebhookDeliveryRepository#claimDue}: row locks, SKIP LOCKED, the oldest
 * pending delivery of each subscription and tunnel only); each one is then signed and sent outside
 * any transaction, and its outcome recorded ({@link AttemptRecorder}). Deliveries live in
 * PostgreSQL, so a restart loses none: one that was in flight when its process died is claimed
 * again when its lease ends (at-least-once; the receiver deduplicates by {@code webhook-id}).
 *
 * <p>Claims run one at a time in this process; new events, finished deliveries and a timer wake it.
 * At most {@code outpost.webhooks.max-in-flight} deliveries are in flight. Thread-safe.
 */
@ApplicationScoped
public class WebhookDispatcher {

  private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);

  private record Claimed(WebhookDeliveryEntity delivery, WebhookSubscriptionEntity subscription) {}

  private final WebhookDeliveryRepository deliveries;
  private final WebhookSubscriptionRepository subscriptions;
  private final WebhookClient client;
  private final AttemptRecorder recorder;
  private final SecretSealer sealer;
  private final WebhookConfig config;
  private final AtomicBoolean claiming = new AtomicBoolean();
  private volatile Runnable stopTimer = () -> {};
  private final AtomicBoolean again = new AtomicBoolean();
  private final AtomicInteger inFlight = new AtomicInteger();

  WebhookDispatcher(
      WebhookDeliveryRepository deliveries,
      WebhookSubscriptionRepository subscriptions,
      WebhookClient client,
      AttemptRecorder recorder,
      SecretSealer sealer,
      WebhookConfig config) {
    this.deliveries = deliveries;
    this.subscriptions = subscriptions;
    this.client = client;
    this.recorder = recorder;
    this.sealer = sealer;
    this.config = config;
  }

  void start(@Observes StartupEvent event, Vertx vertx) {
    long timer =
        vertx.setPeriodic(1000, Math.max(10, config.pollInterval().toMillis()), id -> wake());
    stopTimer = () -> vertx.cancelTimer(timer);
  }

  void stop(@Observes ShutdownEvent event) {
    stopTimer.run();
  }

  /** Looks for due deliveries now (or right after the claim under way). */
  public void wake() {
    if (!claiming.compareAndSet(false, true)) {
      again.set(true);
      return;
    }
    Background.run(
        "claiming webhook deliveries",
        this::claimAndSend,
        () -> {
          claiming.set(false);
          if (again.getAndSet(false)) {
            wake();
          }
        });
  }

  /** Deliveries being sent by this process now. */
  public int inFlight() {
    return inFlight.get();
  }

  private Uni<Void> claimAndSend() {
    int room = config.maxInFlight() - inFlight.get();
    if (room <= 0) {
      return Uni.createFrom().voidItem();
    }
    var now = OffsetDateTime.now();
    return Panache.withTransaction(
            () ->
                deliveries
                    .claimDue(now, room, now.plus(config.lease()))
                    .flatMap(
                        claimed ->
                            subscriptions
                                .findAll(
                                    claimed.stream().map(d -> d.subscriptionId).distinct().toList())
                                .map(found -> pair(claimed, found))))
        .invoke(
            claimed -> {
              claimed.forEach(this::send);
              if (claimed.size() >= room) {
                again.set(true); // there may be more due
              }
            })
        .replaceWithVoid();
  }

  private static List<Claimed> pair(
      List<WebhookDeliveryEntity> claimed, List<WebhookSubscriptionEntity> found) {
    Map<UUID, WebhookSubscriptionEntity> byId =
        found.stream().collect(Collectors.toMap(s -> s.id, Function.identity()));
    var pairs = new ArrayList<Claimed>(claimed.size());
    for (var delivery : claimed) {
      var subscription = byId.get(delivery.subscriptionId);
      if (subscription != null) { // else deleted meanwhile, with its deliveries
        pairs.add(new Claimed(delivery, subscription));
      }
    }
    return pairs;
  }

  /** Sends one claimed delivery on a context of its own and records the outcome. */
  private void send(Claimed claimed) {
    inFlight.incrementAndGet();
    Background.run(
        "delivering webhook " + claimed.delivery().id,
        () -> attempt(claimed.delivery(), claimed.subscription()),
        () -> {
          inFlight.decrementAndGet();
          wake(); // the next delivery of the same tunnel may be due now
        });
  }

  private Uni<Void> attempt(
      WebhookDeliveryEntity delivery, WebhookSubscriptionEntity subscription) {
    var at = OffsetDateTime.now();
    var headers =
        WebhookMessages.headers(
            delivery.eventId, delivery.payload, secretsInForce(subscription, at), at.toInstant());
    return client
        .post(subscription.url, headers, delivery.payload.getBytes(StandardCharsets.UTF_8))
        .invoke(
            result ->
                LOG.debugf(
                    "webhook delivery %s to %s: %s %s in %d ms",
                    delivery.id,
                    subscription.id,
                    result.outcome(),
                    result.statusCode(),
                    result.latencyMs()))
        .flatMap(result -> recorder.record(delivery.id, result, at))
        .replaceWithVoid();
  }

  /** The current secret, and the previous one while its grace period lasts. */
  private List<String> secretsInForce(WebhookSubscriptionEntity s, OffsetDateTime now) {
    var owner = s.id.toString();
    var secrets = new ArrayList<String>(2);
    secrets.add(sealer.open(s.secretSealed, owner));
    if (s.previousSecretSealed != null
        && s.previousSecretUntil != null
        && s.previousSecretUntil.isAfter(now)) {
      secrets.add(sealer.open(s.previousSecretSealed, owner));
    }
    return secrets;
  }

  /** Keeps the log bounded: delivered deliveries (and their attempts) go after the retention. */
  @Scheduled(every = "1h", delayed = "5m")
  Uni<Void> prune() {
    var cutoff = OffsetDateTime.now().minus(config.deliveryRetention());
    return Panache.withTransaction(
            () ->
                deliveries.delete(
                    "state = ?1 and deliveredAt < ?2", WebhookDeliveryEntity.DELIVERED, cutoff))
        .replaceWithVoid();
  }
}
