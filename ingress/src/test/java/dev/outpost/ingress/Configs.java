package dev.outpost.ingress;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds configuration documents as Jackson and SnakeYAML hand them over: maps (which may hold
 * nulls, as an empty YAML value does), lists and scalars.
 */
final class Configs {
  private Configs() {}

  /** A mapping from alternating keys and values. */
  static Map<String, Object> map(Object... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("keys and values must alternate");
    }
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  /** A document with these rules. */
  static Map<String, Object> ingress(Object... rules) {
    return map("ingress", list(rules));
  }

  /** A document with these rules followed by the usual catch-all. */
  static Map<String, Object> withCatchAll(Object... rules) {
    Object[] all = Arrays.copyOf(rules, rules.length + 1);
    all[rules.length] = map("service", "http_status:404");
    return ingress(all);
  }

  /** A list that, unlike List.of, may hold nulls. */
  static List<Object> list(Object... items) {
    return Arrays.asList(items);
  }
}
