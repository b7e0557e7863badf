package dev.outpost.access.application;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.access.policy.AccessPolicyException;
import dev.outpost.access.policy.Application;
import dev.outpost.access.policy.CompiledApplication;
import dev.outpost.access.policy.Policy;
import dev.outpost.access.policy.PolicyEntity;
import dev.outpost.access.policy.Selector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * An application and its policies as stored, in the access-policy module's model: what is published
 * to the edge, and what the service itself evaluates with (login, token exchange).
 */
public final class ApplicationModel {

  private static final Logger LOG = Logger.getLogger(ApplicationModel.class);
  private static final TypeReference<List<String>> NAMES = new TypeReference<>() {};
  private static final TypeReference<List<Selector>> SELECTORS = new TypeReference<>() {};

  private ApplicationModel() {}

  public static Application of(ApplicationEntity app, List<PolicyEntity> list, ObjectMapper json) {
    return new Application(
        app.id,
        app.tenantId,
        app.name,
        app.hostname,
        app.pathPrefix,
        app.sessionSeconds,
        read(json, app.identityProviders, NAMES),
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
                        read(json, p.include, SELECTORS),
                        read(json, p.require, SELECTORS),
                        read(json, p.exclude, SELECTORS)))
            .toList());
  }

  /**
   * The application ready to evaluate, or null when it does not compile: then it lets no one in, as
   * at the edge.
   */
  public static CompiledApplication compiled(
      ApplicationEntity app, List<PolicyEntity> list, ObjectMapper json) {
    try {
      return CompiledApplication.compile(of(app, list, json));
    } catch (AccessPolicyException e) {
      LOG.warnf("application %s does not compile: %s", app.id, e.getMessage());
      return null;
    }
  }

  private static <T> T read(ObjectMapper json, String document, TypeReference<T> type) {
    try {
      return json.readValue(document, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
