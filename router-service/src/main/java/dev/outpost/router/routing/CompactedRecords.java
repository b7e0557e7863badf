package dev.outpost.router.routing;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.io.IOException;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * How the router's listeners take a record of a compacted topic: apply it by key and value (null
 * for a tombstone), log and skip it when it cannot be read (failing the stream would stop the
 * router from following every later change), report it to {@link CatchUp} either way, ack it.
 */
public final class CompactedRecords {

  private static final Logger LOG = Logger.getLogger(CompactedRecords.class);

  private CompactedRecords() {}

  /** What to do with one record. */
  @FunctionalInterface
  public interface Apply {
    /**
     * @param key the record's key, or null
     * @param value the JSON value, or null for a tombstone
     */
    void apply(String key, String value) throws IOException;
  }

  public static CompletionStage<Void> consume(
      Message<String> message, CatchUp catchUp, Apply apply) {
    IncomingKafkaRecordMetadata<?, ?> kafka =
        message.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
    try {
      apply.apply((String) kafka.getKey(), message.getPayload());
    } catch (IOException | RuntimeException e) {
      LOG.warnf(
          "skipping an unreadable record at %s-%d@%d: %s",
          kafka.getTopic(), kafka.getPartition(), kafka.getOffset(), e.getMessage());
    }
    catchUp.applied(kafka.getTopic(), kafka.getPartition(), kafka.getOffset());
    return message.ack();
  }

  /** The key, which a compacted topic's records must have. */
  public static String requireKey(String key) {
    if (key == null) {
      throw new IllegalArgumentException("a record without a key");
    }
    return key;
  }
}
