package dev.outpost.access.application;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.access.policy.PolicyRepository;
import dev.outpost.events.Topic;
import dev.outpost.service.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * What the edge hears about applications, written to the outbox in the caller's transaction: the
 * whole application with its policies on {@link Topic#ACCESS_APPLICATIONS} (compacted), or a
 * tombstone when it is deleted.
 */
@ApplicationScoped
public class ApplicationEvents {

  /** The CloudEvent type of a published application (the access-policy module's Application). */
  static final String TYPE = "dev.outpost.access.application.v1";

  private final Outbox outbox;
  private final PolicyRepository policies;
  private final ObjectMapper json;
  // A rule without a value (everyone, any_service_token) is written without "value".
  private final ObjectMapper withoutNulls;

  ApplicationEvents(Outbox outbox, PolicyRepository policies, ObjectMapper json) {
    this.outbox = outbox;
    this.policies = policies;
    this.json = json;
    this.withoutNulls = json.copy().setSerializationInclusion(JsonInclude.Include.NON_NULL);
  }

  /**
   * Bumps the application's revision and publishes it with its policies as they are in this
   * transaction.
   */
  public Uni<Void> changed(ApplicationEntity application) {
    application.revision = application.revision + 1;
    application.updatedAt =
        java.time.OffsetDateTime.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    // Pending policy changes must be in the database before the policies are listed.
    return policies
        .flush()
        .flatMap(flushed -> policies.listOfApplication(application.tenantId, application.id))
        .flatMap(
            list ->
                outbox.enqueue(
                    Topic.ACCESS_APPLICATIONS,
                    application.id.toString(),
                    TYPE,
                    withoutNulls.valueToTree(ApplicationModel.of(application, list, json))))
        .replaceWithVoid();
  }

  public Uni<Void> deleted(UUID applicationId) {
    return outbox
        .enqueueTombstone(Topic.ACCESS_APPLICATIONS, applicationId.toString(), TYPE)
        .replaceWithVoid();
  }
}
