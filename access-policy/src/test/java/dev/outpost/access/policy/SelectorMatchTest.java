package dev.outpost.access.policy;

import static dev.outpost.access.policy.Fixtures.OTHER_TENANT;
import static dev.outpost.access.policy.Fixtures.OTHER_TOKEN;
import static dev.outpost.access.policy.Fixtures.TENANT;
import static dev.outpost.access.policy.Fixtures.TOKEN;
import static dev.outpost.access.policy.Fixtures.address;
import static dev.outpost.access.policy.Fixtures.compiled;
import static dev.outpost.access.policy.Fixtures.policy;
import static dev.outpost.access.policy.Fixtures.token;
import static dev.outpost.access.policy.Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each selector type, matching and not: one policy whose only include is the selector. */
class SelectorMatchTest {
  private static final String OFFICE = "198.51.100.20";

  static Stream<Arguments> selectors() {
    return Stream.of(
        userCase("everyone, any user", Selector.everyone(), user("eve@other.example"), true),
        userCase(
            "email, same", Selector.email("alice@acme.example"), user("alice@acme.example"), true),
        userCase(
            "email, selector in upper case",
            Selector.email("Alice@ACME.example"),
            user("alice@acme.example"),
            true),
        userCase(
            "email, user's in upper case",
            Selector.email("alice@acme.example"),
            user("ALICE@Acme.Example"),
            true),
        userCase(
            "email, another user",
            Selector.email("alice@acme.example"),
            user("bob@acme.example"),
            false),
        userCase(
            "email, a longer address",
            Selector.email("alice@acme.example"),
            user("malice@acme.example"),
            false),
        userCase(
            "email, Kelvin sign is not K",
            Selector.email("kate@acme.example"),
            user("\u212Aate@acme.example"),
            false),
        userCase(
            "email_domain, same domain",
            Selector.emailDomain("acme.example"),
            user("alice@acme.example"),
            true),
        userCase(
            "email_domain, any case",
            Selector.emailDomain("ACME.example"),
            user("Alice@Acme.EXAMPLE"),
            true),
        userCase(
            "email_domain, not a subdomain",
            Selector.emailDomain("acme.example"),
            user("bob@eu.acme.example"),
            false),
        userCase(
            "email_domain, not a longer domain",
            Selector.emailDomain("acme.example"),
            user("eve@notacme.example"),
            false),
        userCase(
            "email_domain, not a parent domain",
            Selector.emailDomain("eu.acme.example"),
            user("alice@acme.example"),
            false),
        userCase(
            "email_domain, not a suffix of the domain",
            Selector.emailDomain("acme.example"),
            user("eve@acme.example.evil"),
            false),
        userCase(
            "email_domain, after the last '@'",
            Selector.emailDomain("acme.example"),
            user("\"eve@acme.example\"@evil.example"),
            false),
        userCase(
            "group, a member",
            Selector.group("engineering"),
            user("alice@acme.example", "ops", "engineering"),
            true),
        userCase(
            "group, names are case-sensitive",
            Selector.group("engineering"),
            user("alice@acme.example", "Engineering"),
            false),
        userCase(
            "group, no groups", Selector.group("engineering"), user("alice@acme.example"), false),
        ipCase("ip, in the range", "10.0.0.0/8", "10.20.30.40", true),
        ipCase("ip, outside the range", "10.0.0.0/8", "11.0.0.1", false),
        ipCase("ip, a bare address", OFFICE, OFFICE, true),
        ipCase("ip, next to a bare address", OFFICE, "198.51.100.21", false),
        ipCase("ip, IPv6 range", "2001:db8::/32", "2001:db8:1::5", true),
        ipCase("ip, IPv6 client and IPv4 range", "10.0.0.0/8", "2001:db8::1", false),
        ipCase("ip, IPv4-mapped client and IPv4 range", "10.0.0.0/8", "mapped:10.1.1.1", true),
        tokenCase(
            "service_token, that token", Selector.serviceToken(TOKEN.toString()), TOKEN, true),
        tokenCase(
            "service_token, upper-case id",
            Selector.serviceToken(TOKEN.toString().toUpperCase()),
            TOKEN,
            true),
        tokenCase(
            "service_token, another token",
            Selector.serviceToken(TOKEN.toString()),
            OTHER_TOKEN,
            false),
        argumentSet(
            "service_token, same id of another tenant",
            Selector.serviceToken(TOKEN.toString()),
            AccessRequest.of(address(OFFICE), token(TOKEN, OTHER_TENANT)),
            false),
        tokenCase(
            "any_service_token, a token of the tenant", Selector.anyServiceToken(), TOKEN, true),
        argumentSet(
            "any_service_token, a token of another tenant",
            Selector.anyServiceToken(),
            AccessRequest.of(address(OFFICE), token(OTHER_TOKEN, OTHER_TENANT)),
            false),
        argumentSet(
            "any_service_token, no token",
            Selector.anyServiceToken(),
            AccessRequest.anonymous(address(OFFICE)),
            false),
        argumentSet(
            "any_service_token, a user is not a token",
            Selector.anyServiceToken(),
            AccessRequest.of(address(OFFICE), user("alice@acme.example")),
            false));
  }

  @ParameterizedTest
  @MethodSource("selectors")
  void matchesOnlyWhatItNames(Selector selector, AccessRequest request, boolean expected) {
    SelectorType type = SelectorType.fromWireName(selector.type());
    Action action = type.needsServiceToken() ? Action.SERVICE_AUTH : Action.ALLOW;
    Policy policy = policy(action, 1, selector);

    Decision decision = compiled(policy).evaluate(request);

    if (expected) {
      assertThat(decision.policy()).isEqualTo(policy);
      assertThat(decision.permitted()).isTrue();
    } else {
      assertThat(decision.policy()).isNull();
      assertThat(decision.permitted()).isFalse();
    }
  }

  private static Arguments userCase(
      String name, Selector selector, UserIdentity user, boolean expected) {
    return argumentSet(name, selector, AccessRequest.of(address(OFFICE), user), expected);
  }

  private static Arguments ipCase(String name, String range, String client, boolean expected) {
    return argumentSet(
        name,
        Selector.ip(range),
        AccessRequest.of(address(client), user("alice@acme.example")),
        expected);
  }

  private static Arguments tokenCase(
      String name, Selector selector, UUID tokenId, boolean expected) {
    return argumentSet(
        name, selector, AccessRequest.of(address(OFFICE), token(tokenId, TENANT)), expected);
  }
}
