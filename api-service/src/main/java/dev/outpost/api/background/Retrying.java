package dev.outpost.api.background;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * For Kafka listeners whose work must not be skipped: a failed transaction (the database away, a
 * conflict) is tried again, with backoff, until it succeeds. The partition waits meanwhile, which
 * keeps one key's records in order; failing the stream instead would stop the channel for good.
 */
public final class Retrying {

  private static final Logger LOG = Logger.getLogger(Retrying.class);

  private Retrying() {}

  /** Runs {@code work} in a transaction of its own, again and again until it commits. */
  public static <T> Uni<T> inTransaction(String what, Supplier<Uni<T>> work) {
    return Panache.withTransaction(work)
        .onFailure()
        .invoke(failure -> LOG.warnf("%s failed, retrying: %s", what, failure.toString()))
        .onFailure()
        .retry()
        .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10))
        .indefinitely();
  }
}
