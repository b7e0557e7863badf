package dev.outpost.access.application;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.access.policy.Application;
import dev.outpost.access.policy.Policy;
import dev.outpost.access.policy.PolicyEntity;
import dev.outpost.access.policy.PolicyRepository;
import dev.outpost.access.policy.Selector;
import dev.outpost.events.Topic;
import dev.outpost.service.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
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

  private static final TypeReference<List<String>> NAMES = new TypeReference<>() {};
  private static final TypeReference<List<Selector>> SELECTORS = new TypeReference<>() {};

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
                    withoutNulls.valueToTree(record(application, list))))
        .replaceWithVoid();
  }

  public Uni<Void> deleted(UUID applicationId) {
    return outbox
        .enqueueTombstone(Topic.ACCESS_APPLICATIONS, applicationId.toString(), TYPE)
        .replaceWithVoid();
  }

  private Application record(ApplicationEntity app, List<PolicyEntity> list) {
    return new Application(
        app.id,
        app.tenantId,
        app.name,
        app.hostname,
        app.pathPrefix,
        app.sessionSeconds,
        read(app.identityProviders, NAMES),
        app.audience,
        app.revision,
        list.stream()
            .map(
                p ->
                    new Policy(
                        p.id,
                        p.name,
                        p.action,
                        p.precedence,
                        read(p.include, SELECTORS),
                        read(p.require, SELECTORS),
                        read(p.exclude, SELECTORS)))
            .toList());
  }

  private <T> T read(String document, TypeReference<T> type) {
    try {
      return json.readValue(document, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
