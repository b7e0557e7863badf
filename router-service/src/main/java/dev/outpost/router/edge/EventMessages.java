package dev.outpost.router.edge;

import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.net.URI;
import org.eclipse.microprofile.reactive.messaging.Message;

/** A JSON payload as the router publishes it: a Kafka key and a CloudEvents (binary) envelope. */
public final class EventMessages {

  private EventMessages() {}

  /**
   * @param key the Kafka key, also the CloudEvent's subject
   * @param id the CloudEvent id, which consumers deduplicate by
   */
  public static Message<String> of(String payload, String key, String id, String type, URI source) {
    return Message.of(payload)
        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build())
        .addMetadata(
            OutgoingCloudEventMetadata.builder()
                .withId(id)
                .withType(type)
                .withSource(source)
                .withSubject(key)
                .build());
  }
}
