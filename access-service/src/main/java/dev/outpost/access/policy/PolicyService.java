package dev.outpost.access.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.access.application.ApplicationEntity;
import dev.outpost.access.application.ApplicationEvents;
import dev.outpost.access.application.ApplicationService;
import dev.outpost.access.policy.PolicyRules.Parsed;
import dev.outpost.access.security.Caller;
import dev.outpost.access.servicetoken.ServiceTokenRepository;
import dev.outpost.service.problem.Problem.FieldError;
import dev.outpost.service.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The ordered policies of an application. Precedences run 1, 2, ... without gaps: a new policy or a
 * moved one takes its place and the others shift. Every change locks the application, bumps its
 * revision and publishes it whole.
 */
@ApplicationScoped
public class PolicyService {

  static final int MAX_POLICIES = 100;
  private static final TypeReference<List<Selector>> SELECTORS = new TypeReference<>() {};

  private final PolicyRepository policies;
  private final ApplicationService applications;
  private final ApplicationEvents events;
  private final ServiceTokenRepository tokens;
  private final ObjectMapper json;

  PolicyService(
      PolicyRepository policies,
      ApplicationService applications,
      ApplicationEvents events,
      ServiceTokenRepository tokens,
      ObjectMapper json) {
    this.policies = policies;
    this.applications = applications;
    this.events = events;
    this.tokens = tokens;
    this.json = json;
  }

  /** A rule as a caller sends it: {@code {"type":"email","value":"alice@acme.example"}}. */
  public record SelectorRequest(String type, String value) {}

  /** What a caller sends; {@code precedence} may be absent (last on create, unchanged on PUT). */
  public record PolicyRequest(
      String name,
      String action,
      Integer precedence,
      List<SelectorRequest> include,
      List<SelectorRequest> require,
      List<SelectorRequest> exclude) {}

  public record PolicyView(
      UUID id,
      UUID applicationId,
      String name,
      String action,
      int precedence,
      List<Selector> include,
      List<Selector> require,
      List<Selector> exclude,
      OffsetDateTime createdAt,
      OffsetDateTime updatedAt) {}

  @WithSession
  public Uni<List<PolicyView>> list(Caller caller, UUID applicationId) {
    return applications
        .visible(caller, applicationId)
        .flatMap(app -> policies.listOfApplication(app.tenantId, app.id))
        .map(list -> list.stream().map(this::view).toList());
  }

  @WithSession
  public Uni<PolicyView> get(Caller caller, UUID applicationId, UUID policyId) {
    return applications
        .visible(caller, applicationId)
        .flatMap(app -> policies.listOfApplication(app.tenantId, app.id))
        .map(list -> view(find(list, policyId)));
  }

  @WithTransaction
  public Uni<PolicyView> create(Caller caller, UUID applicationId, PolicyRequest request) {
    var tenant = caller.writableTenant();
    return applications
        .locked(tenant, applicationId)
        .flatMap(
            app ->
                policies
                    .listOfApplication(tenant, app.id)
                    .flatMap(
                        list -> {
                          if (list.size() >= MAX_POLICIES) {
                            throw ProblemException.conflict(
                                "an application holds up to " + MAX_POLICIES + " policies");
                          }
                          return parse(tenant, request, list.size() + 1)
                              .flatMap(
                                  parsed -> {
                                    var policy = new PolicyEntity();
                                    policy.id = UUID.randomUUID();
                                    policy.applicationId = app.id;
                                    policy.tenantId = tenant;
                                    policy.createdAt = OffsetDateTime.now();
                                    apply(policy, parsed);
                                    var ordered = new ArrayList<>(list);
                                    int at =
                                        request.precedence() == null
                                            ? ordered.size()
                                            : request.precedence() - 1;
                                    ordered.add(at, policy);
                                    renumber(ordered);
                                    return policies.persist(policy).call(p -> events.changed(app));
                                  });
                        }))
        .map(this::view);
  }

  @WithTransaction
  public Uni<PolicyView> replace(
      Caller caller, UUID applicationId, UUID policyId, PolicyRequest request) {
    var tenant = caller.writableTenant();
    return applications
        .locked(tenant, applicationId)
        .flatMap(
            app ->
                policies
                    .listOfApplication(tenant, app.id)
                    .flatMap(
                        list -> {
                          var policy = find(list, policyId);
                          return parse(tenant, request, list.size())
                              .flatMap(
                                  parsed -> {
                                    apply(policy, parsed);
                                    if (request.precedence() != null) {
                                      var ordered = new ArrayList<>(list);
                                      ordered.remove(policy);
                                      ordered.add(request.precedence() - 1, policy);
                                      renumber(ordered);
                                    }
                                    return events.changed(app).replaceWith(policy);
                                  });
                        }))
        .map(this::view);
  }

  @WithTransaction
  public Uni<Void> delete(Caller caller, UUID applicationId, UUID policyId) {
    var tenant = caller.writableTenant();
    return applications
        .locked(tenant, applicationId)
        .flatMap(
            app ->
                policies
                    .listOfApplication(tenant, app.id)
                    .flatMap(
                        list -> {
                          var policy = find(list, policyId);
                          var rest = new ArrayList<>(list);
                          rest.remove(policy);
                          renumber(rest);
                          return policies.delete(policy).call(() -> events.changed(app));
                        }));
  }

  /** Puts the application's policies in the order of {@code policyIds}, which names each once. */
  @WithTransaction
  public Uni<List<PolicyView>> reorder(Caller caller, UUID applicationId, List<String> policyIds) {
    var tenant = caller.writableTenant();
    return applications
        .locked(tenant, applicationId)
        .flatMap(
            app ->
                policies
                    .listOfApplication(tenant, app.id)
                    .flatMap(list -> reorder(app, list, policyIds)))
        .map(list -> list.stream().map(this::view).toList());
  }

  private Uni<List<PolicyEntity>> reorder(
      ApplicationEntity app, List<PolicyEntity> list, List<String> policyIds) {
    var byId = new LinkedHashMap<String, PolicyEntity>();
    list.forEach(p -> byId.put(p.id.toString(), p));
    var errors = new ArrayList<FieldError>();
    var ordered = new ArrayList<PolicyEntity>();
    var ids = policyIds == null ? List.<String>of() : policyIds;
    var seen = new HashSet<String>();
    for (int i = 0; i < ids.size(); i++) {
      var id = ids.get(i) == null ? "" : ids.get(i).trim().toLowerCase();
      var policy = byId.get(id);
      if (policy == null) {
        errors.add(
            new FieldError(
                "policyIds[" + i + "]", "'" + id + "' is no policy of this application"));
      } else if (!seen.add(id)) {
        errors.add(new FieldError("policyIds[" + i + "]", "'" + id + "' is listed twice"));
      } else {
        ordered.add(policy);
      }
    }
    if (errors.isEmpty() && ordered.size() != list.size()) {
      var missing = byId.keySet().stream().filter(id -> !seen.contains(id)).toList();
      errors.add(
          new FieldError(
              "policyIds", "must name every policy of the application; missing " + missing));
    }
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
    renumber(ordered);
    return events.changed(app).replaceWith(ordered);
  }

  /** Parses and checks a request; {@code maxPrecedence} is the highest place it may take. */
  private Uni<Parsed> parse(UUID tenant, PolicyRequest request, int maxPrecedence) {
    var errors = new ArrayList<FieldError>();
    var body = request == null ? new PolicyRequest(null, null, null, null, null, null) : request;
    if (body.precedence() != null && (body.precedence() < 1 || body.precedence() > maxPrecedence)) {
      errors.add(new FieldError("precedence", "must be between 1 and " + maxPrecedence));
    }
    Map<String, UUID> named = new LinkedHashMap<>();
    var parsed = PolicyRules.parse(body, errors, named);
    if (named.isEmpty()) {
      if (!errors.isEmpty()) {
        throw ProblemException.invalid(errors);
      }
      return Uni.createFrom().item(parsed);
    }
    return tokens
        .listInTenant(tenant, List.copyOf(new HashSet<>(named.values())))
        .map(
            found -> {
              var known = new HashSet<UUID>();
              found.forEach(token -> known.add(token.id));
              named.forEach(
                  (field, id) -> {
                    if (!known.contains(id)) {
                      // A token of another tenant is as unknown as one that never existed.
                      errors.add(
                          new FieldError(field, "no service token " + id + " in your tenant"));
                    }
                  });
              if (!errors.isEmpty()) {
                throw ProblemException.invalid(errors);
              }
              return parsed;
            });
  }

  private void apply(PolicyEntity policy, Parsed parsed) {
    policy.name = parsed.name();
    policy.action = parsed.action();
    policy.include = write(parsed.include());
    policy.require = write(parsed.require());
    policy.exclude = write(parsed.exclude());
    policy.updatedAt = OffsetDateTime.now();
  }

  private static void renumber(List<PolicyEntity> ordered) {
    for (int i = 0; i < ordered.size(); i++) {
      if (ordered.get(i).precedence != i + 1) {
        ordered.get(i).precedence = i + 1;
      }
    }
  }

  private static PolicyEntity find(List<PolicyEntity> list, UUID policyId) {
    return list.stream()
        .filter(p -> p.id.equals(policyId))
        .findFirst()
        .orElseThrow(() -> ProblemException.notFound("policy " + policyId));
  }

  PolicyView view(PolicyEntity p) {
    return new PolicyView(
        p.id,
        p.applicationId,
        p.name,
        p.action,
        p.precedence,
        read(p.include),
        read(p.require),
        read(p.exclude),
        p.createdAt,
        p.updatedAt);
  }

  private List<Selector> read(String document) {
    try {
      return json.readValue(document, SELECTORS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String write(List<Selector> selectors) {
    try {
      return json.writeValueAsString(selectors);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
