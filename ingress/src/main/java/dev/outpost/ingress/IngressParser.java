package dev.outpost.ingress;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads an ingress document into an {@link IngressTable}, collecting every violation. */
final class IngressParser {
  private static final List<String> RULE_KEYS =
      List.of("hostname", "path", "service", "originRequest");
  private static final String CATCH_ALL_EXAMPLE = "{ service: http_status:404 }";

  private IngressParser() {}

  static IngressTable parse(Map<String, ?> config) {
    Objects.requireNonNull(config, "config");
    Violations violations = new Violations();
    List<IngressRule> rules = readRules(config.get("ingress"), violations);
    Object global = config.get("originRequest");
    OriginRequest defaults =
        global == null
            ? OriginRequest.NONE
            : OriginRequestCodec.read(global, "originRequest", violations);
    violations.throwIfAny();
    return new IngressTable(rules, defaults);
  }

  private static List<IngressRule> readRules(Object raw, Violations violations) {
    List<IngressRule> rules = new ArrayList<>();
    if (raw == null) {
      violations.add(
          "ingress",
          "missing; list the rules, the last one matching every request, as in "
              + CATCH_ALL_EXAMPLE);
    } else if (!(raw instanceof List<?> list)) {
      violations.add("ingress", "expected a list of rules, got " + Values.describe(raw));
    } else if (list.isEmpty()) {
      violations.add(
          "ingress",
          "must have at least one rule, the last one matching every request, as in "
              + CATCH_ALL_EXAMPLE);
    } else {
      for (int i = 0; i < list.size(); i++) {
        IngressRule rule =
            readRule(list.get(i), "ingress[" + i + "]", i == list.size() - 1, violations);
        if (rule != null) {
          rules.add(rule);
        }
      }
    }
    return rules;
  }

  /** A rule with its options as written (not merged), or null if it is unusable. */
  private static IngressRule readRule(
      Object raw, String field, boolean last, Violations violations) {
    if (!(raw instanceof Map<?, ?> rule)) {
      violations.add(
          field,
          "expected a rule: a mapping with a service and optionally hostname, path and"
              + " originRequest; got "
              + Values.describe(raw));
      return null;
    }
    for (Object key : rule.keySet()) {
      String name = String.valueOf(key);
      if (!RULE_KEYS.contains(name)) {
        violations.add(Values.child(field, name), Values.unknownKey(name, "rule field", RULE_KEYS));
      }
    }
    Object rawHostname = rule.get("hostname");
    Object rawPath = rule.get("path");
    String hostname = readHostname(rawHostname, field + ".hostname", violations);
    Pattern path = readPath(rawPath, field + ".path", violations);
    OriginService service = readService(rule.get("service"), field + ".service", violations);
    Object rawOptions = rule.get("originRequest");
    OriginRequest options =
        rawOptions == null
            ? OriginRequest.NONE
            : OriginRequestCodec.read(rawOptions, field + ".originRequest", violations);

    // Judged on what was written, so that a bad hostname is not also reported as a catch-all.
    boolean catchesAll = isAny(rawHostname) && (rawPath == null || "".equals(rawPath));
    if (last && !catchesAll) {
      violations.add(
          field,
          "the last rule must match every request: remove its hostname and path, or add a last"
              + " rule such as "
              + CATCH_ALL_EXAMPLE);
    } else if (!last && catchesAll) {
      violations.add(
          field,
          "matches every request, so the rules after it can never match; give it a hostname or"
              + " a path, or make it the last rule");
    }
    return service == null ? null : new IngressRule(hostname, path, service, options);
  }

  private static boolean isAny(Object hostname) {
    return hostname == null || "".equals(hostname) || "*".equals(hostname);
  }

  private static String readHostname(Object raw, String field, Violations violations) {
    if (raw == null) {
      return null;
    }
    String text = Values.string(raw, field, "app.acme.example", violations);
    if (text == null) {
      return null;
    }
    try {
      return Hostnames.parse(text);
    } catch (IllegalArgumentException e) {
      violations.add(field, e.getMessage());
      return null;
    }
  }

  private static Pattern readPath(Object raw, String field, Violations violations) {
    if (raw == null || "".equals(raw)) {
      return null;
    }
    String text = Values.string(raw, field, "^/api/", violations);
    if (text == null) {
      return null;
    }
    try {
      return Pattern.compile(text);
    } catch (PatternSyntaxException e) {
      String where = e.getIndex() >= 0 ? " at index " + e.getIndex() : "";
      violations.add(
          field,
          Values.describe(text)
              + " is not a valid regular expression: "
              + e.getDescription()
              + where);
      return null;
    }
  }

  private static OriginService readService(Object raw, String field, Violations violations) {
    if (raw == null) {
      violations.add(field, "missing; use one of: " + OriginService.ACCEPTED_FORMS);
      return null;
    }
    String text = Values.string(raw, field, "http://localhost:8080", violations);
    if (text == null) {
      return null;
    }
    try {
      return OriginService.parse(text);
    } catch (IllegalArgumentException e) {
      violations.add(field, e.getMessage());
      return null;
    }
  }
}
