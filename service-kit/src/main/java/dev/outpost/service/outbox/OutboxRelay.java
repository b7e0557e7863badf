package dev.outpost.service.outbox;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes committed outbox events to Kafka, oldest first, as CloudEvents in binary mode (the
 * {@code ce_*} headers carry id, type, source, subject and time; the value is the JSON payload).
 *
 * <p>An event is marked published only after the broker acknowledged it, in the same transaction
 * that locked it. If the send or the commit fails, the event stays unpublished and goes again on
 * the next pass: delivery is at least once, and consumers drop duplicates by the CloudEvent id.
 */
@ApplicationScoped
public class OutboxRelay {

  static final String CHANNEL = "outbox";

  /** Bounds one pass, so a huge backlog does not hold the scheduler's thread for long. */
  static final int MAX_BATCHES_PER_PASS = 50;

  private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

  private final OutboxRepository repository;
  private final MutinyEmitter<String> emitter;
  private final OutboxConfig config;
  private final URI source;
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile boolean suspended;
  private volatile boolean stopping;

  OutboxRelay(
      OutboxRepository repository,
      @Channel(CHANNEL) MutinyEmitter<String> emitter,
      OutboxConfig config,
      @ConfigProperty(name = "quarkus.application.name") String service) {
    this.repository = repository;
    this.emitter = emitter;
    this.config = config;
    // The CloudEvents source names the service that wrote the event.
    this.source = URI.create("/outpost/" + service);
  }

  /**
   * Polls on a Vert.x timer rather than the scheduler, whose resolution is a second: a change
   * should reach the routers in a fraction of that. One pass at a time in this process.
   */
  void start(@Observes StartupEvent event, Vertx vertx) {
    long interval = Math.max(10, config.pollInterval().toMillis());
    // The first pass waits for the Kafka emitter, connected once the application has started.
    vertx.setPeriodic(2000, interval, tick -> pass());
  }

  /**
   * No pass starts once the application stops: the database pool closes under it, and every pass
   * would fail and log until the process ended. What is left unpublished goes after the restart.
   */
  void stop(@Observes ShutdownEvent event) {
    stopping = true;
  }

  private void pass() {
    if (suspended || stopping || !running.compareAndSet(false, true)) {
      return;
    }
    // A fresh duplicated context, marked safe, is what Hibernate Reactive's session needs.
    var context = VertxContext.createNewDuplicatedContext();
    VertxContextSafetyToggle.setContextSafe(context, true);
    context.runOnContext(
        ignored ->
            relay()
                .eventually(() -> running.set(false))
                .subscribe()
                .with(done -> {}, failure -> {}));
  }

  Uni<Void> relay() {
    if (suspended) {
      return Uni.createFrom().voidItem();
    }
    return drain(MAX_BATCHES_PER_PASS)
        .onFailure()
        .invoke(
            failure -> LOG.warnf("outbox relay pass failed, will retry: %s", failure.getMessage()))
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }

  /** Publishes batch after batch while they come back full, so a backlog clears at once. */
  private Uni<Void> drain(int batchesLeft) {
    return publishBatch()
        .flatMap(
            published ->
                published == config.batchSize() && batchesLeft > 1 && !suspended
                    ? drain(batchesLeft - 1)
                    : Uni.createFrom().voidItem());
  }

  /**
   * Stops publishing until {@link #resume}: events keep accumulating in the table, nothing is lost.
   * For maintenance of the broker, and for tests that prove exactly that.
   */
  public void suspend() {
    suspended = true;
  }

  public void resume() {
    suspended = false;
  }

  /**
   * One pass: publishes up to a batch of events and returns how many. A transaction-scoped advisory
   * lock lets one relay of the whole cluster publish at a time, so replicas cannot interleave one
   * key's events.
   */
  public Uni<Integer> publishBatch() {
    return Panache.withTransaction(
        () ->
            repository
                .tryRelayLock()
                .flatMap(
                    mine ->
                        mine
                            ? repository
                                .lockOldestUnpublished(config.batchSize())
                                .flatMap(this::publishInOrder)
                            : Uni.createFrom().item(0)));
  }

  private Uni<Integer> publishInOrder(List<OutboxEventEntity> events) {
    if (events.isEmpty()) {
      return Uni.createFrom().item(0);
    }
    // The broker's acknowledgement arrives on a Kafka thread; the session belongs to this
    // Vert.x context, so every step after a send returns to it.
    var context = Vertx.currentContext();
    Executor onContext = task -> context.runOnContext(ignored -> task.run());
    // All sends are handed to the producer in commit order before any acknowledgement is
    // awaited: with idempotence on, the producer keeps that order per partition (so per key)
    // even across retries, and the batch costs one round trip instead of one per event.
    var sends = events.stream().map(event -> emitter.sendMessage(toMessage(event))).toList();
    return Uni.join()
        .all(sends)
        .andFailFast()
        .emitOn(onContext)
        .map(
            acknowledged -> {
              var now = OffsetDateTime.now();
              events.forEach(event -> event.publishedAt = now);
              return events.size();
            });
  }

  private Message<String> toMessage(OutboxEventEntity event) {
    var kafka =
        OutgoingKafkaRecordMetadata.<String>builder()
            .withTopic(event.topic)
            .withKey(event.recordKey)
            .build();
    var cloudEvent =
        OutgoingCloudEventMetadata.builder()
            .withId(event.eventId.toString())
            .withType(event.type)
            .withSource(source)
            .withSubject(event.recordKey)
            .withTimestamp(event.createdAt.toZonedDateTime())
            .build();
    return Message.of(event.payload).addMetadata(kafka).addMetadata(cloudEvent);
  }

  /** Keeps the table small: published events are only kept for inspection. */
  @Scheduled(every = "1h", delayed = "1m")
  Uni<Void> prune() {
    var cutoff = OffsetDateTime.now().minus(config.retention());
    return Panache.withTransaction(() -> repository.deletePublishedBefore(cutoff))
        .replaceWithVoid();
  }
}
