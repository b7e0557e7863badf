package dev.outpost.ingress;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One ingress rule: requests for this hostname and path go to this service.
 *
 * @param hostname lowercase, optionally "*.": a wildcard over the names below it; null for any
 * @param path a regular expression found anywhere in the request path; null for any
 * @param service where matching requests go
 * @param originRequest the rule's options already merged with the global ones and {@link
 *     OriginRequest#DEFAULTS}
 */
public record IngressRule(
    String hostname, Pattern path, OriginService service, OriginRequest originRequest) {

  public IngressRule {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(originRequest, "originRequest");
  }

  /**
   * Whether a request matches this rule.
   *
   * @param host the request's Host, compared without its port and case-insensitively; null for none
   * @param requestPath the request's path; null or "" is taken as "/"
   */
  public boolean matches(String host, String requestPath) {
    return matchesNormalized(Hostnames.normalize(host), normalizePath(requestPath));
  }

  /** Whether the rule matches every request, as the last rule of a table must. */
  public boolean catchesAll() {
    return hostname == null && path == null;
  }

  boolean matchesNormalized(String host, String requestPath) {
    return Hostnames.matches(hostname, host) && (path == null || path.matcher(requestPath).find());
  }

  static String normalizePath(String requestPath) {
    return requestPath == null || requestPath.isEmpty() ? "/" : requestPath;
  }

  // Pattern has identity equality; two rules with the same expression are the same rule.
  @Override
  public boolean equals(Object other) {
    return other instanceof IngressRule that
        && Objects.equals(hostname, that.hostname)
        && Objects.equals(patternText(path), patternText(that.path))
        && service.equals(that.service)
        && originRequest.equals(that.originRequest);
  }

  @Override
  public int hashCode() {
    return Objects.hash(hostname, patternText(path), service, originRequest);
  }

  private static String patternText(Pattern pattern) {
    return pattern == null ? null : pattern.pattern() + "/" + pattern.flags();
  }
}
