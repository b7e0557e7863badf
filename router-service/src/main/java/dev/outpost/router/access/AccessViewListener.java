package dev.outpost.router.access;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.access.policy.Application;
import dev.outpost.events.AccessSigningKeyRecord;
import dev.outpost.events.ServiceTokenRecord;
import dev.outpost.router.routing.CatchUp;
import dev.outpost.router.routing.CompactedRecords;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Follows the three access topics (applications, service tokens, signing keys) into the {@link
 * AccessView}, read whole at every start like the routing topics (see application.properties);
 * readiness waits for them too ({@link CatchUp}).
 */
@ApplicationScoped
public class AccessViewListener {

  public static final String APPLICATIONS_CHANNEL = "access-applications";
  public static final String SERVICE_TOKENS_CHANNEL = "service-tokens";
  public static final String SIGNING_KEYS_CHANNEL = "access-signing-keys";
  private static final Logger LOG = Logger.getLogger(AccessViewListener.class);

  private final AccessView view;
  private final CatchUp catchUp;
  private final ObjectMapper json;

  AccessViewListener(AccessView view, CatchUp catchUp, ObjectMapper json) {
    this.view = view;
    this.catchUp = catchUp;
    this.json = json;
  }

  @Incoming(APPLICATIONS_CHANNEL)
  public CompletionStage<Void> onApplication(Message<String> message) {
    return CompactedRecords.consume(message, catchUp, this::applyApplication);
  }

  @Incoming(SERVICE_TOKENS_CHANNEL)
  public CompletionStage<Void> onServiceToken(Message<String> message) {
    return CompactedRecords.consume(message, catchUp, this::applyServiceToken);
  }

  @Incoming(SIGNING_KEYS_CHANNEL)
  public CompletionStage<Void> onSigningKey(Message<String> message) {
    return CompactedRecords.consume(message, catchUp, this::applySigningKey);
  }

  private void applyApplication(String key, String value) throws IOException {
    var id = UUID.fromString(CompactedRecords.requireKey(key));
    if (value == null) {
      if (view.removeApplication(id)) {
        LOG.debugf("application %s removed", id);
      }
      return;
    }
    var application = json.readValue(value, Application.class);
    if (!id.equals(application.id())) {
      throw new IllegalArgumentException("the key is not the application's id");
    }
    if (view.applyApplication(application)) {
      LOG.debugf("application %s now at revision %d", id, application.revision());
    }
  }

  private void applyServiceToken(String key, String value) throws IOException {
    var id = UUID.fromString(CompactedRecords.requireKey(key));
    var record = value == null ? null : json.readValue(value, ServiceTokenRecord.class);
    if (view.applyServiceToken(id, record)) {
      LOG.debugf("service token %s %s", id, record == null ? "removed" : "updated");
    }
  }

  private void applySigningKey(String key, String value) throws IOException {
    var kid = CompactedRecords.requireKey(key);
    if (value == null) {
      view.applySigningKey(kid, null);
      LOG.infof("signing key %s retired", kid);
      return;
    }
    var record = json.readValue(value, AccessSigningKeyRecord.class);
    if (record.jwk() == null || !kid.equals(record.kid())) {
      throw new IllegalArgumentException(
          "a signing key record without its jwk or under another kid");
    }
    view.applySigningKey(kid, record.jwk());
    LOG.infof("signing key %s trusted", kid);
  }
}
