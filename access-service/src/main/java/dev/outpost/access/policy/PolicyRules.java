package dev.outpost.access.policy;

import dev.outpost.access.policy.PolicyService.PolicyRequest;
import dev.outpost.access.policy.PolicyService.SelectorRequest;
import dev.outpost.service.problem.Problem.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A policy request checked by the access-policy module's own validation ({@link
 * AccessPolicies#validate(Policy)}), the code the router compiles applications with, so the service
 * cannot accept a rule the edge would refuse; then put in canonical form. Pure; whether a named
 * service token exists, and where a precedence may go, are the caller's checks.
 */
final class PolicyRules {

  static final int MAX_PER_LIST = 100;

  private PolicyRules() {}

  /** A checked policy's fields, canonical: lower-case emails and domains, CIDR blocks. */
  record Parsed(
      String name,
      String action,
      List<Selector> include,
      List<Selector> require,
      List<Selector> exclude) {}

  /**
   * Checks {@code body}, adding every problem to {@code errors}; the service tokens its rules name
   * are added to {@code tokens} (field path to id) for the caller to look up.
   */
  static Parsed parse(PolicyRequest body, List<FieldError> errors, Map<String, UUID> tokens) {
    var name = body.name() == null ? null : body.name().trim();
    var include = selectors("include", body.include(), errors);
    var require = selectors("require", body.require(), errors);
    var exclude = selectors("exclude", body.exclude(), errors);
    var policy = new Policy(UUID.randomUUID(), name, body.action(), 1, include, require, exclude);
    int before = errors.size();
    for (var violation : AccessPolicies.validate(policy)) {
      errors.add(new FieldError(violation.field(), violation.message()));
    }
    if (errors.size() > before) {
      return null;
    }
    return new Parsed(
        name,
        body.action(),
        canonical("include", include, tokens),
        canonical("require", require, tokens),
        canonical("exclude", exclude, tokens));
  }

  private static List<Selector> selectors(
      String field, List<SelectorRequest> requests, List<FieldError> errors) {
    if (requests == null) {
      return List.of();
    }
    if (requests.size() > MAX_PER_LIST) {
      errors.add(new FieldError(field, "may hold up to " + MAX_PER_LIST + " rules"));
      return List.of();
    }
    var result = new ArrayList<Selector>();
    for (var request : requests) {
      if (request == null) {
        result.add(null);
        continue;
      }
      var value = request.value() == null ? null : request.value().trim();
      if ("email_domain".equals(request.type()) && value != null && value.startsWith("@")) {
        value = value.substring(1); // "@acme.example" is read as the domain it plainly means
      }
      result.add(new Selector(request.type(), value == null || value.isEmpty() ? null : value));
    }
    return result;
  }

  private static List<Selector> canonical(
      String field, List<Selector> selectors, Map<String, UUID> tokens) {
    var result = new ArrayList<Selector>();
    for (int i = 0; i < selectors.size(); i++) {
      var selector = selectors.get(i);
      var value = selector.value();
      var type = SelectorType.fromWireName(selector.type());
      var canonical =
          switch (type) {
            case EVERYONE, ANY_SERVICE_TOKEN, GROUP -> value;
            case EMAIL, EMAIL_DOMAIN -> value.toLowerCase(Locale.ROOT);
            case IP -> IpRange.parse(value).toString();
            case SERVICE_TOKEN -> {
              var id = UUID.fromString(value);
              tokens.put(field + "[" + i + "]", id);
              yield id.toString();
            }
          };
      result.add(new Selector(selector.type(), canonical));
    }
    return result;
  }
}
