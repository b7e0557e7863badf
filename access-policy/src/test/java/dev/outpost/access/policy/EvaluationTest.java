package dev.outpost.access.policy;

import static dev.outpost.access.policy.Action.ALLOW;
import static dev.outpost.access.policy.Action.BYPASS;
import static dev.outpost.access.policy.Action.DENY;
import static dev.outpost.access.policy.Action.SERVICE_AUTH;
import static dev.outpost.access.policy.Fixtures.OTHER_TENANT;
import static dev.outpost.access.policy.Fixtures.OTHER_TOKEN;
import static dev.outpost.access.policy.Fixtures.TENANT;
import static dev.outpost.access.policy.Fixtures.TOKEN;
import static dev.outpost.access.policy.Fixtures.address;
import static dev.outpost.access.policy.Fixtures.app;
import static dev.outpost.access.policy.Fixtures.compiled;
import static dev.outpost.access.policy.Fixtures.policy;
import static dev.outpost.access.policy.Fixtures.token;
import static dev.outpost.access.policy.Fixtures.user;
import static dev.outpost.access.policy.Fixtures.userVia;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EvaluationTest {
  private static final String INSIDE = "10.1.2.3";
  private static final String OUTSIDE = "203.0.113.9";

  private static final Selector ALICE = Selector.email("alice@acme.example");
  private static final Selector BOB = Selector.email("bob@acme.example");
  private static final Selector ENGINEERING = Selector.group("engineering");
  private static final Selector SALES = Selector.group("sales");
  private static final Selector LAN = Selector.ip("10.0.0.0/8");
  private static final Selector HOME = Selector.ip("192.168.0.0/16");

  /** Alice, an engineer, from 10.1.2.3. */
  private static final AccessRequest ALICE_INSIDE =
      AccessRequest.of(address(INSIDE), user("alice@acme.example", "engineering"));

  private static final AccessRequest BOB_INSIDE =
      AccessRequest.of(address(INSIDE), user("bob@acme.example", "sales"));
  private static final AccessRequest ANONYMOUS_INSIDE = AccessRequest.anonymous(address(INSIDE));
  private static final AccessRequest ANONYMOUS_OUTSIDE = AccessRequest.anonymous(address(OUTSIDE));
  private static final AccessRequest TOKEN_INSIDE =
      AccessRequest.of(address(INSIDE), token(TOKEN, TENANT));
  private static final AccessRequest TOKEN_OUTSIDE =
      AccessRequest.of(address(OUTSIDE), token(TOKEN, TENANT));

  /** A policy's rules: include any, require all, exclude none. */
  static Stream<Arguments> rules() {
    return Stream.of(
        rules(
            "include: the second of two matches", List.of(BOB, ALICE), List.of(), List.of(), true),
        rules("include: none of two matches", List.of(BOB, SALES), List.of(), List.of(), false),
        rules(
            "require: all match",
            List.of(Selector.everyone()),
            List.of(ENGINEERING, LAN),
            List.of(),
            true),
        rules(
            "require: one of two fails",
            List.of(Selector.everyone()),
            List.of(ENGINEERING, HOME),
            List.of(),
            false),
        rules(
            "require does not replace include",
            List.of(BOB),
            List.of(ENGINEERING),
            List.of(),
            false),
        rules(
            "exclude: none matches",
            List.of(Selector.everyone()),
            List.of(),
            List.of(BOB, SALES),
            true),
        rules(
            "exclude: one of two matches",
            List.of(Selector.everyone()),
            List.of(),
            List.of(SALES, LAN),
            false),
        rules(
            "exclude wins over include and require",
            List.of(ALICE),
            List.of(ENGINEERING),
            List.of(ALICE),
            false));
  }

  @ParameterizedTest
  @MethodSource("rules")
  void appliesIncludeAnyRequireAllExcludeNone(Policy policy, boolean matches) {
    Decision decision = compiled(policy).evaluate(ALICE_INSIDE);

    assertThat(decision.outcome()).isEqualTo(matches ? Outcome.ALLOW : Outcome.DENY);
    assertThat(decision.policy()).isEqualTo(matches ? policy : null);
  }

  static Stream<Arguments> decisions() {
    Policy allowAlice = policy(ALLOW, 1, ALICE);
    Policy allowEveryone = policy(ALLOW, 1, Selector.everyone());
    Policy denyEveryone = policy(DENY, 1, Selector.everyone());
    Policy bypassLan = policy(BYPASS, 1, LAN);
    Policy serviceAny = policy(SERVICE_AUTH, 1, Selector.anyServiceToken());
    return Stream.of(
        // Every action, when its policy matches.
        decision("allow", compiled(allowAlice), ALICE_INSIDE, Outcome.ALLOW, "allow 1"),
        decision("deny", compiled(denyEveryone), ALICE_INSIDE, Outcome.DENY, "deny 1"),
        decision("bypass", compiled(bypassLan), ANONYMOUS_INSIDE, Outcome.BYPASS, "bypass 1"),
        decision(
            "service_auth", compiled(serviceAny), TOKEN_INSIDE, Outcome.SERVICE, "service_auth 1"),
        // bypass and service_auth come first, whatever their precedence.
        decision(
            "bypass after a deny by precedence still wins",
            compiled(denyEveryone, policy(BYPASS, 9, LAN)),
            ALICE_INSIDE,
            Outcome.BYPASS,
            "bypass 9"),
        decision(
            "bypass needs no login even with an allow first",
            compiled(allowEveryone, policy(BYPASS, 5, LAN)),
            ANONYMOUS_INSIDE,
            Outcome.BYPASS,
            "bypass 5"),
        decision(
            "bypass that does not match falls through",
            compiled(allowEveryone, policy(BYPASS, 5, LAN)),
            ANONYMOUS_OUTSIDE,
            Outcome.LOGIN_REQUIRED,
            null),
        decision(
            "service_auth after a deny by precedence still wins",
            compiled(denyEveryone, policy(SERVICE_AUTH, 7, Selector.anyServiceToken())),
            TOKEN_INSIDE,
            Outcome.SERVICE,
            "service_auth 7"),
        decision(
            "bypass and service_auth by precedence between themselves",
            compiled(
                policy(SERVICE_AUTH, 3, Selector.anyServiceToken()),
                policy(BYPASS, 4, Selector.everyone())),
            TOKEN_INSIDE,
            Outcome.SERVICE,
            "service_auth 3"),
        decision(
            "bypass before service_auth by precedence",
            compiled(
                policy(SERVICE_AUTH, 4, Selector.anyServiceToken()),
                policy(BYPASS, 3, Selector.everyone())),
            TOKEN_INSIDE,
            Outcome.BYPASS,
            "bypass 3"),
        decision(
            "service_auth with a user and a token: the token decides first",
            compiled(denyEveryone, policy(SERVICE_AUTH, 2, Selector.anyServiceToken())),
            new AccessRequest(address(INSIDE), user("bob@acme.example"), token(TOKEN, TENANT)),
            Outcome.SERVICE,
            "service_auth 2"),
        decision(
            "service_auth rules: require ip, from inside",
            compiled(
                policy(
                    SERVICE_AUTH,
                    1,
                    List.of(Selector.serviceToken(TOKEN.toString())),
                    List.of(LAN),
                    List.of())),
            TOKEN_INSIDE,
            Outcome.SERVICE,
            "service_auth 1"),
        decision(
            "service_auth rules: require ip, from outside",
            compiled(
                policy(
                    SERVICE_AUTH,
                    1,
                    List.of(Selector.serviceToken(TOKEN.toString())),
                    List.of(LAN),
                    List.of())),
            TOKEN_OUTSIDE,
            Outcome.DENY,
            null),
        decision(
            "service_auth with everyone: a token of the tenant",
            compiled(policy(SERVICE_AUTH, 1, Selector.everyone())),
            TOKEN_OUTSIDE,
            Outcome.SERVICE,
            "service_auth 1"),
        decision(
            "service_auth with everyone: not a token of another tenant",
            compiled(policy(SERVICE_AUTH, 1, Selector.everyone())),
            AccessRequest.of(address(INSIDE), token(OTHER_TOKEN, OTHER_TENANT)),
            Outcome.DENY,
            null),
        decision(
            "service_auth with everyone: not a user",
            compiled(policy(SERVICE_AUTH, 1, Selector.everyone())),
            ALICE_INSIDE,
            Outcome.DENY,
            null),
        decision(
            "a token of another tenant, with an allow policy: login",
            compiled(serviceAny, policy(ALLOW, 2, ALICE)),
            AccessRequest.of(address(INSIDE), token(OTHER_TOKEN, OTHER_TENANT)),
            Outcome.LOGIN_REQUIRED,
            null),
        // allow and deny: top-down by precedence, first match wins.
        decision(
            "allow before deny: alice is allowed",
            compiled(policy(ALLOW, 1, ALICE), policy(DENY, 2, Selector.everyone())),
            ALICE_INSIDE,
            Outcome.ALLOW,
            "allow 1"),
        decision(
            "allow before deny: bob falls to the deny",
            compiled(policy(ALLOW, 1, ALICE), policy(DENY, 2, Selector.everyone())),
            BOB_INSIDE,
            Outcome.DENY,
            "deny 2"),
        decision(
            "deny before allow: alice is denied",
            compiled(policy(DENY, 1, ALICE), policy(ALLOW, 2, Selector.everyone())),
            ALICE_INSIDE,
            Outcome.DENY,
            "deny 1"),
        decision(
            "deny before allow: bob is allowed",
            compiled(policy(DENY, 1, ALICE), policy(ALLOW, 2, Selector.everyone())),
            BOB_INSIDE,
            Outcome.ALLOW,
            "allow 2"),
        decision(
            "precedence, not list order",
            compiled(policy(ALLOW, 2, Selector.everyone()), policy(DENY, 1, ALICE)),
            ALICE_INSIDE,
            Outcome.DENY,
            "deny 1"),
        decision(
            "user selectors do not match a service token",
            compiled(policy(ALLOW, 1, Selector.everyone())),
            TOKEN_INSIDE,
            Outcome.LOGIN_REQUIRED,
            null),
        // Nothing matched.
        decision("default deny", compiled(allowAlice), BOB_INSIDE, Outcome.DENY, null),
        decision("no policies, a user", compiled(), ALICE_INSIDE, Outcome.DENY, null),
        decision(
            "no identity, an allow policy: login",
            compiled(allowAlice),
            ANONYMOUS_INSIDE,
            Outcome.LOGIN_REQUIRED,
            null),
        decision(
            "no identity, only deny and bypass: deny",
            compiled(denyEveryone, policy(BYPASS, 2, HOME)),
            ANONYMOUS_INSIDE,
            Outcome.DENY,
            null),
        decision(
            "no identity, no policies: deny", compiled(), ANONYMOUS_INSIDE, Outcome.DENY, null),
        // Identity providers.
        decision(
            "identity provider in the list",
            app(allowEveryone).identityProviders("google", "github").compile(),
            AccessRequest.of(address(INSIDE), userVia("github", "alice@acme.example")),
            Outcome.ALLOW,
            "allow 1"),
        decision(
            "identity provider not in the list",
            app(allowEveryone).identityProviders("google").compile(),
            AccessRequest.of(address(INSIDE), userVia("github", "alice@acme.example")),
            Outcome.DENY,
            null),
        decision(
            "identity providers are compared exactly",
            app(allowEveryone).identityProviders("google").compile(),
            AccessRequest.of(address(INSIDE), userVia("Google", "alice@acme.example")),
            Outcome.DENY,
            null),
        decision(
            "an empty list accepts any identity provider",
            app(allowEveryone).compile(),
            AccessRequest.of(address(INSIDE), userVia("anything", "alice@acme.example")),
            Outcome.ALLOW,
            "allow 1"),
        decision(
            "bypass does not look at the identity provider",
            app(allowEveryone, policy(BYPASS, 2, LAN)).identityProviders("google").compile(),
            AccessRequest.of(address(INSIDE), userVia("github", "alice@acme.example")),
            Outcome.BYPASS,
            "bypass 2"));
  }

  @ParameterizedTest
  @MethodSource("decisions")
  void decides(
      CompiledApplication application, AccessRequest request, Outcome outcome, String policyName) {
    Decision decision = application.evaluate(request);

    assertThat(decision.outcome()).isEqualTo(outcome);
    if (policyName == null) {
      assertThat(decision.policy()).isNull();
    } else {
      assertThat(decision.policy()).isNotNull();
      assertThat(decision.policy().name()).isEqualTo(policyName);
      assertThat(decision.reason()).contains("'" + policyName + "'");
    }
  }

  @Test
  void reasonsSayWhatHappened() {
    CompiledApplication staffOnly =
        app(policy(ALLOW, 1, ALICE)).identityProviders("google").compile();

    assertThat(staffOnly.evaluate(ALICE_INSIDE).reason()).isEqualTo("allowed by policy 'allow 1'");
    assertThat(staffOnly.evaluate(BOB_INSIDE).reason()).isEqualTo("no policy allows this user");
    assertThat(staffOnly.evaluate(ANONYMOUS_INSIDE).reason()).isEqualTo("log in to continue");
    assertThat(
            staffOnly
                .evaluate(
                    AccessRequest.of(address(INSIDE), userVia("github", "alice@acme.example")))
                .reason())
        .isEqualTo(
            "logged in with identity provider 'github', which this application does not accept");
    assertThat(compiled().evaluate(ANONYMOUS_INSIDE).reason())
        .isEqualTo("no policy lets this request in, and none allows users who log in");
  }

  @Test
  void decisionsOfAPolicyAreBuiltOnce() {
    CompiledApplication application = compiled(policy(ALLOW, 1, ALICE));

    assertThat(application.evaluate(ALICE_INSIDE)).isSameAs(application.evaluate(ALICE_INSIDE));
  }

  private static Arguments rules(
      String name,
      List<Selector> include,
      List<Selector> require,
      List<Selector> exclude,
      boolean matches) {
    return argumentSet(name, policy(ALLOW, 1, include, require, exclude), matches);
  }

  private static Arguments decision(
      String name,
      CompiledApplication application,
      AccessRequest request,
      Outcome outcome,
      String policyName) {
    return argumentSet(name, application, request, outcome, policyName);
  }
}
