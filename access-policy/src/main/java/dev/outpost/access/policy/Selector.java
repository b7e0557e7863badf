package dev.outpost.access.policy;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One selector of a policy rule, as written in JSON: {@code {"type":"email","value":"a@b.example"}}
 * or, for the types without a value, {@code {"type":"everyone"}}. The type stays a string here so
 * that an unknown one is reported by {@link AccessPolicies#validate} together with every other
 * problem; see {@link SelectorType} for the known types.
 *
 * @param type a {@link SelectorType#wireName()}
 * @param value what the type compares against; null for {@code everyone} and {@code
 *     any_service_token}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Selector(String type, String value) {

  public static Selector of(SelectorType type, String value) {
    return new Selector(type.wireName(), value);
  }

  public static Selector everyone() {
    return of(SelectorType.EVERYONE, null);
  }

  public static Selector email(String email) {
    return of(SelectorType.EMAIL, email);
  }

  public static Selector emailDomain(String domain) {
    return of(SelectorType.EMAIL_DOMAIN, domain);
  }

  public static Selector group(String group) {
    return of(SelectorType.GROUP, group);
  }

  public static Selector ip(String range) {
    return of(SelectorType.IP, range);
  }

  public static Selector serviceToken(String tokenId) {
    return of(SelectorType.SERVICE_TOKEN, tokenId);
  }

  public static Selector anyServiceToken() {
    return of(SelectorType.ANY_SERVICE_TOKEN, null);
  }

  @Override
  public String toString() {
    return value == null ? type : type + " " + value;
  }
}
