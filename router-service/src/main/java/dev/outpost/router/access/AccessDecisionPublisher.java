package dev.outpost.router.access;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.events.AccessDecisionRecord;
import dev.outpost.router.edge.EventMessages;
import dev.outpost.router.edge.RouterIdentity;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Sends the edge's access decisions to {@code outpost.access-decisions}, keyed by application id,
 * for the access-service's access log. Fire and forget: a decision that cannot be sent (Kafka down,
 * the buffer full) is logged and dropped; requests never wait for the log.
 */
@ApplicationScoped
public class AccessDecisionPublisher implements DecisionLog {

  static final String CHANNEL = "access-decisions";
  private static final Logger LOG = Logger.getLogger(AccessDecisionPublisher.class);

  private final MutinyEmitter<String> emitter;
  private final ObjectMapper json;
  private final URI source;

  AccessDecisionPublisher(
      @Channel(CHANNEL) MutinyEmitter<String> emitter, ObjectMapper json, RouterIdentity router) {
    this.emitter = emitter;
    this.json = json;
    this.source = URI.create("/outpost/router/" + router.id());
  }

  @Override
  public void record(AccessDecisionRecord decision) {
    String payload;
    try {
      payload = json.writeValueAsString(decision);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    var message =
        EventMessages.of(
            payload,
            decision.applicationId().toString(),
            decision.id().toString(),
            AccessDecisionRecord.TYPE,
            source);
    try {
      emitter
          .sendMessage(message)
          .subscribe()
          .with(
              ok -> {},
              failure ->
                  LOG.warnf(
                      "access decision %s not published: %s", decision.id(), failure.getMessage()));
    } catch (RuntimeException e) {
      LOG.warnf("access decision %s dropped: %s", decision.id(), e.getMessage());
    }
  }
}
