package dev.outpost.access.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Reads an {@link Application} or a {@link Policy} in one pass: every problem becomes a {@link
 * Violation}, and when there is none the result is ready for evaluation. Validation and compilation
 * are one walk, so they cannot disagree.
 */
final class ApplicationCompiler {
  private static final int MAX_NAME = 200;
  private static final int MAX_PATH_PREFIX = 1024;
  private static final int QUOTE_LIMIT = 80;
  private static final String ACTIONS = "allow, deny, bypass or service_auth";
  private static final Condition EVERYONE = new Condition.Everyone();

  private final Violations violations = new Violations();
  private final UUID tenantId;

  private ApplicationCompiler(UUID tenantId) {
    this.tenantId = tenantId;
  }

  static CompiledApplication compile(Application application) {
    Objects.requireNonNull(application, "application");
    ApplicationCompiler compiler = new ApplicationCompiler(application.tenantId());
    CompiledApplication compiled = compiler.application(application);
    if (!compiler.violations.isEmpty()) {
      throw new AccessPolicyException(compiler.violations.list());
    }
    return compiled;
  }

  static List<Violation> violations(Application application) {
    Objects.requireNonNull(application, "application");
    ApplicationCompiler compiler = new ApplicationCompiler(application.tenantId());
    compiler.application(application);
    return compiler.violations.list();
  }

  static List<Violation> violations(Policy policy) {
    Objects.requireNonNull(policy, "policy");
    ApplicationCompiler compiler = new ApplicationCompiler(null);
    compiler.policy(policy, "");
    return compiler.violations.list();
  }

  private CompiledApplication application(Application application) {
    required(application.id(), "id");
    required(application.tenantId(), "tenantId");
    name(application.name(), "name", "Wiki");
    String hostname = hostname(application.hostname());
    pathPrefix(application.pathPrefix());
    long session = application.sessionSeconds();
    if (session < Application.MIN_SESSION_SECONDS || session > Application.MAX_SESSION_SECONDS) {
      violations.add(
          "sessionSeconds",
          "must be "
              + Application.MIN_SESSION_SECONDS
              + " (5 minutes) to "
              + Application.MAX_SESSION_SECONDS
              + " (30 days), got "
              + session);
    }
    identityProviders(application.identityProviders());
    audience(application.audience());
    if (application.revision() < 0) {
      violations.add("revision", "must not be negative, got " + application.revision());
    }

    List<CompiledPolicy> policies = new ArrayList<>();
    Map<Integer, Integer> precedences = new HashMap<>();
    Map<UUID, Integer> ids = new HashMap<>();
    for (int i = 0; i < application.policies().size(); i++) {
      Policy policy = application.policies().get(i);
      String field = "policies[" + i + "]";
      if (policy == null) {
        violations.add(field, "missing; expected a policy");
        continue;
      }
      CompiledPolicy compiled = policy(policy, field + ".");
      if (policy.id() != null) {
        Integer first = ids.putIfAbsent(policy.id(), i);
        if (first != null) {
          violations.add(field + ".id", "the same id as policies[" + first + "]");
        }
      }
      if (policy.precedence() >= 1) {
        Integer first = precedences.putIfAbsent(policy.precedence(), i);
        if (first != null) {
          violations.add(
              field + ".precedence",
              policy.precedence()
                  + " is also the precedence of policies["
                  + first
                  + "]; each policy needs its own");
        }
      }
      if (compiled != null) {
        policies.add(compiled);
      }
    }
    if (!violations.isEmpty()) {
      return null;
    }
    policies.sort(Comparator.comparingInt(p -> p.policy.precedence()));
    return new CompiledApplication(application, hostname, policies);
  }

  /** The policy ready for evaluation, or null when it has a problem (now in the violations). */
  private CompiledPolicy policy(Policy policy, String prefix) {
    int before = violations.size();
    required(policy.id(), prefix + "id");
    name(policy.name(), prefix + "name", "Staff");
    Action action = null;
    if (policy.action() == null) {
      violations.add(prefix + "action", "missing; use " + ACTIONS);
    } else {
      action = Action.fromWireName(policy.action());
      if (action == null) {
        violations.add(
            prefix + "action", quote(policy.action()) + " is not an action; use " + ACTIONS);
      }
    }
    if (policy.precedence() < 1) {
      violations.add(prefix + "precedence", "must be 1 or more, got " + policy.precedence());
    }
    if (policy.include().isEmpty()) {
      violations.add(
          prefix + "include",
          "a policy needs at least one include selector; use [{\"type\":\"everyone\"}] to match"
              + " every request");
    }
    Condition[] include = conditions(policy.include(), prefix + "include", action);
    Condition[] require = conditions(policy.require(), prefix + "require", action);
    Condition[] exclude = conditions(policy.exclude(), prefix + "exclude", action);
    if (violations.size() > before) {
      return null;
    }
    return new CompiledPolicy(policy, action, include, require, exclude);
  }

  private Condition[] conditions(List<Selector> selectors, String field, Action action) {
    Condition[] conditions = new Condition[selectors.size()];
    for (int i = 0; i < selectors.size(); i++) {
      conditions[i] = condition(selectors.get(i), field + "[" + i + "]", action);
    }
    return conditions;
  }

  private Condition condition(Selector selector, String field, Action action) {
    if (selector == null) {
      violations.add(
          field,
          "missing; expected a selector such as {\"type\":\"email\",\"value\":\"alice@acme.example\"}");
      return null;
    }
    if (selector.type() == null) {
      violations.add(field, "the selector has no type; use one of " + knownTypes());
      return null;
    }
    SelectorType type = SelectorType.fromWireName(selector.type());
    if (type == null) {
      violations.add(field, unknownType(selector.type()));
      return null;
    }
    String value = selector.value();
    if (type.takesValue() && (value == null || value.isBlank())) {
      violations.add(
          field, article(type) + " selector needs a value, as in " + Selectors.example(type));
      return null;
    }
    if (!type.takesValue() && value != null) {
      violations.add(field, article(type) + " selector takes no value; remove " + quote(value));
      return null;
    }
    String misplaced = misplaced(type, action);
    if (misplaced != null) {
      violations.add(field, misplaced);
      return null;
    }
    return switch (type) {
      case EVERYONE -> EVERYONE;
      case ANY_SERVICE_TOKEN -> new Condition.AnyServiceToken(tenantId);
      case EMAIL -> email(value, field);
      case EMAIL_DOMAIN -> emailDomain(value, field);
      case GROUP -> group(value, field);
      case IP -> ip(value, field);
      case SERVICE_TOKEN -> serviceToken(value, field);
    };
  }

  private Condition email(String value, String field) {
    String problem = Selectors.emailProblem(value);
    if (problem != null) {
      violations.add(field, quote(value) + " is not an email address: " + problem);
      return null;
    }
    return new Condition.Email(Ascii.lowercase(value));
  }

  private Condition emailDomain(String value, String field) {
    String problem =
        value.indexOf('@') >= 0
            ? "give only the part after '@', as in acme.example"
            : Hostnames.problem(value);
    if (problem != null) {
      violations.add(field, quote(value) + " is not a domain: " + problem);
      return null;
    }
    return new Condition.EmailDomain(Ascii.lowercase(value));
  }

  private Condition group(String value, String field) {
    if (!value.strip().equals(value)) {
      violations.add(
          field, quote(value) + " has spaces around it; group names are compared exactly");
      return null;
    }
    return new Condition.Group(value);
  }

  private Condition ip(String value, String field) {
    try {
      return new Condition.Ip(IpRange.parse(value));
    } catch (IllegalArgumentException e) {
      violations.add(field, quote(value) + " is not an IP range: " + e.getMessage());
      return null;
    }
  }

  private Condition serviceToken(String value, String field) {
    UUID tokenId = Selectors.uuid(value);
    if (tokenId == null) {
      violations.add(
          field,
          quote(value)
              + " is not a service token id; expected a UUID such as"
              + " 123e4567-e89b-12d3-a456-426614174000");
      return null;
    }
    return new Condition.ServiceToken(tokenId, tenantId);
  }

  /** Why a selector can never match in a policy with this action, or null when it can. */
  private static String misplaced(SelectorType type, Action action) {
    if (action == null) {
      return null;
    }
    String selector = article(type) + " selector";
    return switch (action) {
      case BYPASS ->
          type.needsUser() || type.needsServiceToken()
              ? "a bypass policy looks at no identity, so "
                  + selector
                  + " can never match in it; use everyone or ip"
              : null;
      case SERVICE_AUTH ->
          type.needsUser()
              ? "a service_auth policy looks only at the service token, so "
                  + selector
                  + " can never match in it; use service_token, any_service_token, ip or"
                  + " everyone"
              : null;
      case ALLOW, DENY ->
          type.needsServiceToken()
              ? "only service_auth policies look at service tokens, so "
                  + selector
                  + " can never match in "
                  + (action == Action.ALLOW ? "an allow" : "a deny")
                  + " policy; make the policy service_auth"
              : null;
    };
  }

  private String hostname(String hostname) {
    if (hostname == null) {
      violations.add("hostname", "missing; the host to protect, as in wiki.acme.example");
      return null;
    }
    String problem = Hostnames.problem(hostname);
    if (problem != null) {
      violations.add("hostname", quote(hostname) + " is not a valid hostname: " + problem);
      return null;
    }
    return Ascii.lowercase(hostname);
  }

  private void pathPrefix(String prefix) {
    if (prefix == null) {
      violations.add("pathPrefix", "missing; use / for the whole host");
      return;
    }
    String problem = Selectors.pathPrefixProblem(prefix, MAX_PATH_PREFIX);
    if (problem != null) {
      violations.add("pathPrefix", quote(prefix) + " " + problem);
    }
  }

  private void identityProviders(List<String> aliases) {
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < aliases.size(); i++) {
      String alias = aliases.get(i);
      String field = "identityProviders[" + i + "]";
      if (alias == null || alias.isBlank()) {
        violations.add(field, "empty; name an identity provider by its alias, such as google");
      } else if (seen.putIfAbsent(alias, i) != null) {
        violations.add(
            field, quote(alias) + " is already identityProviders[" + seen.get(alias) + "]");
      }
    }
  }

  private void audience(String audience) {
    if (audience == null) {
      violations.add("audience", "missing; the application's tag of 64 lowercase hex characters");
    } else if (!Selectors.isAudienceTag(audience)) {
      violations.add(
          "audience",
          quote(audience) + " is not an audience tag: expected 64 lowercase hex characters");
    }
  }

  private void required(Object value, String field) {
    if (value == null) {
      violations.add(field, "missing");
    }
  }

  private void name(String name, String field, String example) {
    if (name == null || name.isBlank()) {
      violations.add(field, "missing; give it a name such as " + example);
    } else if (name.length() > MAX_NAME) {
      violations.add(field, "longer than " + MAX_NAME + " characters");
    }
  }

  /** "an email", "a group": the type with its article, for messages. */
  private static String article(SelectorType type) {
    String name = type.wireName();
    return ("aeiou".indexOf(name.charAt(0)) >= 0 ? "an " : "a ") + name;
  }

  private static String knownTypes() {
    List<String> names = new ArrayList<>();
    for (SelectorType type : SelectorType.values()) {
      names.add(type.wireName());
    }
    return String.join(", ", names);
  }

  private static String unknownType(String type) {
    String nearest = null;
    int nearestDistance = 3;
    for (SelectorType known : SelectorType.values()) {
      String candidate = known.wireName();
      int distance = candidate.equalsIgnoreCase(type) ? 0 : Selectors.editDistance(candidate, type);
      if (distance < nearestDistance) {
        nearest = candidate;
        nearestDistance = distance;
      }
    }
    String start = "unknown selector type " + quote(type) + "; ";
    return nearest == null
        ? start + "the known ones are " + knownTypes()
        : start + "did you mean " + nearest + "? The known ones are " + knownTypes();
  }

  static String quote(String value) {
    return "\""
        + (value.length() > QUOTE_LIMIT ? value.substring(0, QUOTE_LIMIT) + "..." : value)
        + "\"";
  }
}
