package dev.outpost.ingress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The ingress rules of a tunnel, in order, as cloudflared's config.yml has them: the first rule
 * that matches a request wins, and the last rule matches every request, so {@link #match} always
 * finds one. Immutable and safe to share between threads.
 */
public final class IngressTable {
  // As written: what toMap gives back and what equality compares.
  private final List<IngressRule> written;
  private final OriginRequest originRequest;
  // As used: each rule's options merged with the global ones and the defaults.
  private final List<IngressRule> rules;

  IngressTable(List<IngressRule> written, OriginRequest originRequest) {
    if (written.isEmpty() || !written.get(written.size() - 1).catchesAll()) {
      throw new IllegalArgumentException("the last rule must match every request");
    }
    this.written = List.copyOf(written);
    this.originRequest = Objects.requireNonNull(originRequest, "originRequest");
    OriginRequest defaults = originRequest.merge(OriginRequest.DEFAULTS);
    List<IngressRule> merged = new ArrayList<>();
    for (IngressRule rule : written) {
      merged.add(
          new IngressRule(
              rule.hostname(), rule.path(), rule.service(), rule.originRequest().merge(defaults)));
    }
    this.rules = List.copyOf(merged);
  }

  /**
   * Reads a whole cloudflared configuration document: its {@code ingress} list and optional global
   * {@code originRequest}. Other top-level keys ({@code tunnel}, {@code credentials-file}, {@code
   * warp-routing}...) belong to the connector's own configuration and are ignored.
   *
   * @param config what Jackson or SnakeYAML read: maps, lists, strings, numbers and booleans
   * @throws IngressException listing every problem, each with its field path
   */
  public static IngressTable parse(Map<String, ?> config) {
    return IngressParser.parse(config);
  }

  /** The rules in order, each with its options merged with the global ones and the defaults. */
  public List<IngressRule> rules() {
    return rules;
  }

  /**
   * The first rule that matches a request. Total: the last rule matches every request.
   *
   * @param host the request's Host, with or without a port
   * @param path the request's path; null or "" is taken as "/"
   */
  public Match match(String host, String path) {
    String normalizedHost = Hostnames.normalize(host);
    String normalizedPath = IngressRule.normalizePath(path);
    for (int i = 0; i < rules.size(); i++) {
      if (rules.get(i).matchesNormalized(normalizedHost, normalizedPath)) {
        return new Match(i, rules.get(i));
      }
    }
    throw new IllegalStateException("unreachable: the last rule matches every request");
  }

  /**
   * The canonical document: lowercase hostnames, canonical service strings, durations as Go strings
   * ("1m30s"), and only the options that were set. {@code parse(toMap())} gives an equal table.
   */
  public Map<String, Object> toMap() {
    List<Object> ingress = new ArrayList<>();
    for (IngressRule rule : written) {
      Map<String, Object> out = new LinkedHashMap<>();
      if (rule.hostname() != null) {
        out.put("hostname", rule.hostname());
      }
      if (rule.path() != null) {
        out.put("path", rule.path().pattern());
      }
      out.put("service", rule.service().toString());
      if (!rule.originRequest().isEmpty()) {
        out.put("originRequest", OriginRequestCodec.write(rule.originRequest()));
      }
      ingress.add(out);
    }
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("ingress", ingress);
    if (!originRequest.isEmpty()) {
      document.put("originRequest", OriginRequestCodec.write(originRequest));
    }
    return document;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof IngressTable that
        && written.equals(that.written)
        && originRequest.equals(that.originRequest);
  }

  @Override
  public int hashCode() {
    return Objects.hash(written, originRequest);
  }

  @Override
  public String toString() {
    return "IngressTable" + toMap();
  }

  /**
   * The rule a request matched.
   *
   * @param index its position in the table, for logs and metrics
   * @param rule the rule, with its merged options
   */
  public record Match(int index, IngressRule rule) {}
}
