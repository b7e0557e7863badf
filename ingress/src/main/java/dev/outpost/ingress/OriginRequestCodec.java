package dev.outpost.ingress;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads and writes {@link OriginRequest} in cloudflared's {@code originRequest} shape. */
final class OriginRequestCodec {
  // In cloudflared's order, which toMap keeps.
  static final List<String> KEYS =
      List.of(
          "connectTimeout",
          "tlsTimeout",
          "tcpKeepAlive",
          "noHappyEyeballs",
          "keepAliveConnections",
          "keepAliveTimeout",
          "httpHostHeader",
          "originServerName",
          "caPool",
          "noTLSVerify",
          "disableChunkedEncoding",
          "http2Origin",
          "access");

  // Options cloudflared has and Outpost leaves out: told apart from typos in the message.
  private static final Set<String> CLOUDFLARED_ONLY =
      Set.of("bastionMode", "proxyAddress", "proxyPort", "proxyType", "ipRules", "matchSNItoHost");

  private static final List<String> ACCESS_KEYS = List.of("required", "teamName", "audTag");

  private OriginRequestCodec() {}

  /** Reads an {@code originRequest} mapping; null values count as not set, as in cloudflared. */
  static OriginRequest read(Object raw, String field, Violations violations) {
    if (!(raw instanceof Map<?, ?> options)) {
      violations.add(
          field,
          "expected a mapping of origin options such as { connectTimeout: 30s }, got "
              + Values.describe(raw));
      return OriginRequest.NONE;
    }
    OriginRequest.Builder builder = OriginRequest.builder();
    for (Map.Entry<?, ?> entry : options.entrySet()) {
      String key = String.valueOf(entry.getKey());
      Object value = entry.getValue();
      String at = Values.child(field, key);
      if (value == null && KEYS.contains(key)) {
        continue;
      }
      switch (key) {
        case "connectTimeout" -> builder.connectTimeout(Values.duration(value, at, violations));
        case "tlsTimeout" -> builder.tlsTimeout(Values.duration(value, at, violations));
        case "tcpKeepAlive" -> builder.tcpKeepAlive(Values.duration(value, at, violations));
        case "noHappyEyeballs" -> builder.noHappyEyeballs(Values.bool(value, at, violations));
        case "keepAliveConnections" ->
            builder.keepAliveConnections(Values.count(value, at, violations));
        case "keepAliveTimeout" -> builder.keepAliveTimeout(Values.duration(value, at, violations));
        case "httpHostHeader" ->
            builder.httpHostHeader(Values.string(value, at, "app.internal", violations));
        case "originServerName" ->
            builder.originServerName(Values.string(value, at, "app.internal", violations));
        case "caPool" -> builder.caPool(Values.string(value, at, "/etc/ssl/ca.pem", violations));
        case "noTLSVerify" -> builder.noTLSVerify(Values.bool(value, at, violations));
        case "disableChunkedEncoding" ->
            builder.disableChunkedEncoding(Values.bool(value, at, violations));
        case "http2Origin" -> builder.http2Origin(Values.bool(value, at, violations));
        case "access" -> builder.access(readAccess(value, at, violations));
        default ->
            violations.add(
                at,
                CLOUDFLARED_ONLY.contains(key)
                    ? "a cloudflared option that Outpost does not support; remove it"
                    : Values.unknownKey(key, "origin option", KEYS));
      }
    }
    return builder.build();
  }

  /** The options that are set, in cloudflared's names, with durations as Go strings. */
  static Map<String, Object> write(OriginRequest options) {
    Map<String, Object> out = new LinkedHashMap<>();
    putDuration(out, "connectTimeout", options.connectTimeout());
    putDuration(out, "tlsTimeout", options.tlsTimeout());
    putDuration(out, "tcpKeepAlive", options.tcpKeepAlive());
    put(out, "noHappyEyeballs", options.noHappyEyeballs());
    put(out, "keepAliveConnections", options.keepAliveConnections());
    putDuration(out, "keepAliveTimeout", options.keepAliveTimeout());
    put(out, "httpHostHeader", options.httpHostHeader());
    put(out, "originServerName", options.originServerName());
    put(out, "caPool", options.caPool());
    put(out, "noTLSVerify", options.noTLSVerify());
    put(out, "disableChunkedEncoding", options.disableChunkedEncoding());
    put(out, "http2Origin", options.http2Origin());
    if (options.access() != null) {
      Map<String, Object> access = new LinkedHashMap<>();
      access.put("required", options.access().required());
      put(access, "teamName", options.access().teamName());
      access.put("audTag", options.access().audTag());
      out.put("access", access);
    }
    return out;
  }

  private static OriginRequest.Access readAccess(Object raw, String field, Violations violations) {
    if (!(raw instanceof Map<?, ?> access)) {
      violations.add(
          field,
          "expected a mapping such as { required: true, teamName: acme, audTag: [...] }, got "
              + Values.describe(raw));
      return null;
    }
    boolean required = false;
    String teamName = null;
    List<String> audTag = new ArrayList<>();
    for (Map.Entry<?, ?> entry : access.entrySet()) {
      String key = String.valueOf(entry.getKey());
      Object value = entry.getValue();
      String at = Values.child(field, key);
      if (value == null && ACCESS_KEYS.contains(key)) {
        continue;
      }
      switch (key) {
        case "required" -> required = Boolean.TRUE.equals(Values.bool(value, at, violations));
        case "teamName" -> teamName = Values.string(value, at, "acme", violations);
        case "audTag" -> audTag = readStrings(value, at, violations);
        default -> violations.add(at, Values.unknownKey(key, "access option", ACCESS_KEYS));
      }
    }
    // cloudflared's own check: audiences without a team cannot be verified.
    if (required && (teamName == null || teamName.isBlank()) && !audTag.isEmpty()) {
      violations.add(
          Values.child(field, "teamName"), "must be set when access is required with an audTag");
    }
    return new OriginRequest.Access(required, teamName, audTag);
  }

  private static List<String> readStrings(Object raw, String field, Violations violations) {
    List<String> strings = new ArrayList<>();
    if (!(raw instanceof List<?> list)) {
      violations.add(field, "expected a list of strings, got " + Values.describe(raw));
      return strings;
    }
    for (int i = 0; i < list.size(); i++) {
      String value = Values.string(list.get(i), field + "[" + i + "]", "0123abcd", violations);
      if (value != null) {
        strings.add(value);
      }
    }
    return strings;
  }

  private static void putDuration(Map<String, Object> out, String key, Duration value) {
    if (value != null) {
      out.put(key, Durations.format(value));
    }
  }

  private static void put(Map<String, Object> out, String key, Object value) {
    if (value != null) {
      out.put(key, value);
    }
  }
}
