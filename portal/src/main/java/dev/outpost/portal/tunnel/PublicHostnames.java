package dev.outpost.portal.tunnel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A public hostname of a remotely managed tunnel is two things, as in the dashboards people know: a
 * hostname route (the edge sends the hostname to the tunnel) and an ingress rule (the connector
 * sends it to a service). This adds or removes the rule in a configuration document; the route is
 * the API's. Pure.
 */
final class PublicHostnames {

  /** The answer of a tunnel whose rules match nothing else. */
  static final String DEFAULT_CATCH_ALL = "http_status:404";

  private PublicHostnames() {}

  /** A configuration with the new rule, and where it went (for the API's messages about it). */
  record Added(Map<String, Object> config, int index) {}

  /**
   * {@code config} (null: none yet) with a rule for {@code hostname} (and {@code path}, if any)
   * sent to {@code service}, just above the catch-all rule; a catch-all is added if there is none.
   */
  static Added withRule(Map<String, Object> config, String hostname, String path, String service) {
    var result = config == null ? new LinkedHashMap<String, Object>() : new LinkedHashMap<>(config);
    var rules = new ArrayList<Object>(rules(config));
    var rule = new LinkedHashMap<String, Object>();
    rule.put("hostname", hostname);
    if (path != null && !path.isBlank()) {
      rule.put("path", path.trim());
    }
    rule.put("service", service);
    int index;
    if (!rules.isEmpty() && catchesAll(rules.get(rules.size() - 1))) {
      index = rules.size() - 1;
      rules.add(index, rule);
    } else {
      index = rules.size();
      rules.add(rule);
      rules.add(Map.of("service", DEFAULT_CATCH_ALL));
    }
    result.put("ingress", rules);
    return new Added(result, index);
  }

  /** {@code config} without the rules of {@code hostname}, or null when it has none. */
  static Map<String, Object> withoutHostname(Map<String, Object> config, String hostname) {
    var rules = rules(config);
    var kept = rules.stream().filter(rule -> !hostname.equalsIgnoreCase(hostnameOf(rule))).toList();
    if (kept.size() == rules.size()) {
      return null;
    }
    var result = new LinkedHashMap<>(config);
    result.put("ingress", kept);
    return result;
  }

  /** The services {@code hostname} goes to, by the rules that name it. */
  static List<String> servicesOf(Map<String, Object> config, String hostname) {
    return rules(config).stream()
        .filter(rule -> hostname.equalsIgnoreCase(hostnameOf(rule)))
        .map(rule -> String.valueOf(((Map<?, ?>) rule).get("service")))
        .toList();
  }

  private static List<?> rules(Map<String, Object> config) {
    if (config != null && config.get("ingress") instanceof List<?> list) {
      return list;
    }
    return List.of();
  }

  private static String hostnameOf(Object rule) {
    return rule instanceof Map<?, ?> map && map.get("hostname") != null
        ? map.get("hostname").toString()
        : null;
  }

  private static boolean catchesAll(Object rule) {
    if (!(rule instanceof Map<?, ?> map)) {
      return false;
    }
    var hostname = map.get("hostname");
    var path = map.get("path");
    return (hostname == null || "".equals(hostname) || "*".equals(hostname))
        && (path == null || "".equals(path));
  }
}
