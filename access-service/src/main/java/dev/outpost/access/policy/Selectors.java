package dev.outpost.access.policy;

import dev.outpost.access.problem.Problem.FieldError;
import dev.outpost.access.tenant.Hostnames;
import dev.outpost.events.AccessApplicationRecord.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The rules of a policy's include, require and exclude lists: parsed into their canonical form with
 * a precise error per bad field. Pure; whether a named service token exists is the caller's check.
 */
public final class Selectors {

  public static final String EVERYONE = "everyone";
  public static final String EMAIL = "email";
  public static final String EMAIL_DOMAIN = "email_domain";
  public static final String GROUP = "group";
  public static final String IP = "ip";
  public static final String SERVICE_TOKEN = "service_token";
  public static final String ANY_SERVICE_TOKEN = "any_service_token";

  static final List<String> TYPES =
      List.of(EVERYONE, EMAIL, EMAIL_DOMAIN, GROUP, IP, SERVICE_TOKEN, ANY_SERVICE_TOKEN);
  static final int MAX_PER_LIST = 100;

  private static final Pattern EMAIL_ADDRESS = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  private Selectors() {}

  /** A selector as a caller sends it. */
  public record SelectorRequest(String type, String value) {}

  /**
   * The selectors of one list ({@code field} names it: include, require, exclude), canonical.
   * Service tokens named are added to {@code tokens} (field path to id) for the caller to check.
   */
  static List<Selector> parse(
      String field,
      String action,
      List<SelectorRequest> requests,
      boolean required,
      List<FieldError> errors,
      Map<String, UUID> tokens) {
    if (requests == null || requests.isEmpty()) {
      if (required) {
        errors.add(
            new FieldError(field, "name at least one rule, for example {\"type\":\"everyone\"}"));
      }
      return List.of();
    }
    if (requests.size() > MAX_PER_LIST) {
      errors.add(new FieldError(field, "may hold up to " + MAX_PER_LIST + " rules"));
      return List.of();
    }
    var result = new ArrayList<Selector>();
    for (int i = 0; i < requests.size(); i++) {
      var at = field + "[" + i + "]";
      var request = requests.get(i);
      if (request == null) {
        errors.add(new FieldError(at, "must be a rule object such as {\"type\":\"everyone\"}"));
        continue;
      }
      var misplaced = misplaced(request.type(), action);
      if (misplaced != null) {
        errors.add(new FieldError(at + ".type", misplaced));
        continue;
      }
      var selector = parse(at, request, errors, tokens);
      if (selector != null) {
        result.add(selector);
      }
    }
    return result;
  }

  /**
   * Why a rule can never match in a policy with this action, or null when it can: the same rules
   * the router's access-policy module applies when it compiles an application.
   */
  static String misplaced(String type, String action) {
    if (type == null || action == null) {
      return null;
    }
    var rule = (type.startsWith("a") || type.startsWith("e") ? "an " : "a ") + type + " rule";
    boolean user = type.equals(EMAIL) || type.equals(EMAIL_DOMAIN) || type.equals(GROUP);
    boolean token = type.equals(SERVICE_TOKEN) || type.equals(ANY_SERVICE_TOKEN);
    return switch (action) {
      case "bypass" ->
          user || token
              ? "a bypass policy looks at no identity, so "
                  + rule
                  + " can never match in it; use everyone or ip"
              : null;
      case "service_auth" ->
          user
              ? "a service_auth policy looks only at the service token, so "
                  + rule
                  + " can never match in it; use service_token, any_service_token, ip or"
                  + " everyone"
              : null;
      case "allow", "deny" ->
          token
              ? "only service_auth policies look at service tokens, so "
                  + rule
                  + " can never match in "
                  + (action.equals("allow") ? "an allow" : "a deny")
                  + " policy; make the policy service_auth"
              : null;
      default -> null;
    };
  }

  private static Selector parse(
      String at, SelectorRequest request, List<FieldError> errors, Map<String, UUID> tokens) {
    var type = request.type();
    var value = request.value() == null ? null : request.value().trim();
    if (type == null || !TYPES.contains(type)) {
      errors.add(
          new FieldError(
              at + ".type",
              (type == null ? "is required" : "'" + type + "' is not a rule type")
                  + "; one of "
                  + String.join(", ", TYPES)));
      return null;
    }
    if (type.equals(EVERYONE) || type.equals(ANY_SERVICE_TOKEN)) {
      if (value != null) {
        errors.add(new FieldError(at + ".value", "must be absent for " + type));
        return null;
      }
      return new Selector(type, null);
    }
    var field = at + ".value";
    if (value == null || value.isEmpty()) {
      errors.add(new FieldError(field, "is required for " + type));
      return null;
    }
    switch (type) {
      case EMAIL -> {
        if (value.length() > 320 || !EMAIL_ADDRESS.matcher(value).matches()) {
          errors.add(new FieldError(field, "'" + value + "' is not an email address"));
          return null;
        }
        return new Selector(type, value.toLowerCase(Locale.ROOT));
      }
      case EMAIL_DOMAIN -> {
        var domain = value.startsWith("@") ? value.substring(1) : value;
        var parsed = Hostnames.parse(domain, false);
        if (parsed.error() != null) {
          errors.add(new FieldError(field, "is not a domain: " + parsed.error()));
          return null;
        }
        return new Selector(type, parsed.hostname());
      }
      case GROUP -> {
        if (value.length() > 256) {
          errors.add(new FieldError(field, "is longer than 256 characters"));
          return null;
        }
        return new Selector(type, value);
      }
      case IP -> {
        var parsed = Cidr.parse(value);
        if (parsed.error() != null) {
          errors.add(new FieldError(field, parsed.error()));
          return null;
        }
        return new Selector(type, parsed.block());
      }
      case SERVICE_TOKEN -> {
        UUID id;
        try {
          id = UUID.fromString(value);
        } catch (IllegalArgumentException e) {
          errors.add(new FieldError(field, "'" + value + "' is not a service token id"));
          return null;
        }
        tokens.put(field, id);
        return new Selector(type, id.toString());
      }
      default -> throw new IllegalStateException("unhandled rule type " + type);
    }
  }
}
