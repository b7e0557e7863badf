package dev.outpost.access.policy;

import static dev.outpost.access.policy.Action.ALLOW;
import static dev.outpost.access.policy.Action.BYPASS;
import static dev.outpost.access.policy.Action.DENY;
import static dev.outpost.access.policy.Action.SERVICE_AUTH;
import static dev.outpost.access.policy.Fixtures.app;
import static dev.outpost.access.policy.Fixtures.policy;
import static dev.outpost.access.policy.Fixtures.uuid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.outpost.access.policy.Fixtures.ApplicationBuilder;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValidationTest {
  private static final Policy STAFF = policy(ALLOW, 1, Selector.emailDomain("acme.example"));

  static Stream<Arguments> badApplications() {
    return Stream.of(
        bad("no id", app(STAFF).id(null), "id", "missing"),
        bad("no tenant", app(STAFF).tenantId(null), "tenantId", "missing"),
        bad("blank name", app(STAFF).name(" "), "name", "missing; give it a name such as Wiki"),
        bad("long name", app(STAFF).name("n".repeat(201)), "name", "longer than 200 characters"),
        bad(
            "no hostname",
            app(STAFF).hostname(null),
            "hostname",
            "missing; the host to protect, as in wiki.acme.example"),
        bad(
            "hostname with a port",
            app(STAFF).hostname("wiki.acme.example:443"),
            "hostname",
            "\"wiki.acme.example:443\" is not a valid hostname: remove the port"),
        bad(
            "hostname with a scheme",
            app(STAFF).hostname("https://wiki.acme.example"),
            "hostname",
            "remove the scheme"),
        bad(
            "hostname with a path",
            app(STAFF).hostname("wiki.acme.example/admin"),
            "hostname",
            "remove the path; an application's path goes in pathPrefix"),
        bad(
            "wildcard hostname",
            app(STAFF).hostname("*.acme.example"),
            "hostname",
            "wildcards are not supported"),
        bad(
            "IP address as hostname",
            app(STAFF).hostname("10.0.0.1"),
            "hostname",
            "an IP address is not a hostname"),
        bad(
            "hostname with a trailing dot",
            app(STAFF).hostname("wiki.acme.example."),
            "hostname",
            "it has an empty label"),
        bad(
            "hostname with an underscore",
            app(STAFF).hostname("my_wiki.acme.example"),
            "hostname",
            "'_' is not allowed"),
        bad(
            "no path prefix",
            app(STAFF).pathPrefix(null),
            "pathPrefix",
            "missing; use / for the whole host"),
        bad(
            "path prefix without '/'",
            app(STAFF).pathPrefix("admin"),
            "pathPrefix",
            "\"admin\" must start with '/', as in /admin"),
        bad(
            "path prefix with a trailing '/'",
            app(STAFF).pathPrefix("/admin/"),
            "pathPrefix",
            "\"/admin/\" must not end with '/': /admin already matches itself and all below it"),
        bad(
            "path prefix with a query",
            app(STAFF).pathPrefix("/admin?x=1"),
            "pathPrefix",
            "must not contain a query or fragment ('?')"),
        bad(
            "path prefix with '..'",
            app(STAFF).pathPrefix("/public/../admin"),
            "pathPrefix",
            "has a '..' segment"),
        bad(
            "path prefix with '//'",
            app(STAFF).pathPrefix("/a//b"),
            "pathPrefix",
            "has an empty segment ('//')"),
        bad(
            "percent-encoded path prefix",
            app(STAFF).pathPrefix("/a%20b"),
            "pathPrefix",
            "must not contain '%'"),
        bad(
            "path prefix with a wildcard",
            app(STAFF).pathPrefix("/admin/*"),
            "pathPrefix",
            "must not contain '*'"),
        bad(
            "path prefix with a space",
            app(STAFF).pathPrefix("/my docs"),
            "pathPrefix",
            "must be printable ASCII without spaces"),
        bad(
            "session too short",
            app(STAFF).sessionSeconds(299),
            "sessionSeconds",
            "must be 300 (5 minutes) to 2592000 (30 days), got 299"),
        bad(
            "session too long",
            app(STAFF).sessionSeconds(2_592_001),
            "sessionSeconds",
            "got 2592001"),
        bad(
            "empty identity provider",
            app(STAFF).identityProviders("google", ""),
            "identityProviders[1]",
            "empty; name an identity provider by its alias"),
        bad(
            "duplicate identity provider",
            app(STAFF).identityProviders("google", "github", "google"),
            "identityProviders[2]",
            "\"google\" is already identityProviders[0]"),
        bad("no audience", app(STAFF).audience(null), "audience", "missing"),
        bad(
            "short audience",
            app(STAFF).audience("abc"),
            "audience",
            "\"abc\" is not an audience tag: expected 64 lowercase hex characters"),
        bad(
            "upper-case audience",
            app(STAFF).audience(Fixtures.AUDIENCE.toUpperCase()),
            "audience",
            "expected 64 lowercase hex characters"),
        bad("negative revision", app(STAFF).revision(-1), "revision", "must not be negative"),
        bad("a null policy", app(STAFF, null), "policies[1]", "missing; expected a policy"),
        bad(
            "duplicate precedence",
            app(STAFF, policy(DENY, 1, Selector.group("contractors"))),
            "policies[1].precedence",
            "1 is also the precedence of policies[0]; each policy needs its own"),
        bad(
            "duplicate precedence across passes",
            app(STAFF, policy(BYPASS, 1, Selector.ip("10.0.0.0/8"))),
            "policies[1].precedence",
            "1 is also the precedence of policies[0]"),
        bad(
            "duplicate policy id",
            app(
                STAFF,
                Policy.of(STAFF.id(), "Other", DENY, 2, List.of(Selector.everyone()), null, null)),
            "policies[1].id",
            "the same id as policies[0]"),
        badPolicy(
            "no policy id",
            new Policy(null, "Staff", "allow", 1, List.of(Selector.everyone()), null, null),
            "policies[0].id",
            "missing"),
        badPolicy(
            "no policy name",
            new Policy(uuid("p"), "", "allow", 1, List.of(Selector.everyone()), null, null),
            "policies[0].name",
            "missing; give it a name such as Staff"),
        badPolicy(
            "unknown action",
            new Policy(uuid("p"), "Staff", "permit", 1, List.of(Selector.everyone()), null, null),
            "policies[0].action",
            "\"permit\" is not an action; use allow, deny, bypass or service_auth"),
        badPolicy(
            "action in upper case",
            new Policy(uuid("p"), "Staff", "ALLOW", 1, List.of(Selector.everyone()), null, null),
            "policies[0].action",
            "\"ALLOW\" is not an action"),
        badPolicy(
            "no action",
            new Policy(uuid("p"), "Staff", null, 1, List.of(Selector.everyone()), null, null),
            "policies[0].action",
            "missing; use allow, deny, bypass or service_auth"),
        badPolicy(
            "precedence 0",
            new Policy(uuid("p"), "Staff", "allow", 0, List.of(Selector.everyone()), null, null),
            "policies[0].precedence",
            "must be 1 or more, got 0"),
        badPolicy(
            "no include",
            policy(ALLOW, 1, List.of(), List.of(Selector.group("engineering")), List.of()),
            "policies[0].include",
            "a policy needs at least one include selector; use [{\"type\":\"everyone\"}]"),
        badPolicy(
            "missing include",
            new Policy(uuid("p"), "Staff", "allow", 1, null, null, null),
            "policies[0].include",
            "a policy needs at least one include selector"),
        badSelector(
            "a null selector",
            null,
            "missing; expected a selector such as {\"type\":\"email\",\"value\":\"alice@acme.example\"}"),
        badSelector(
            "no type",
            new Selector(null, "alice@acme.example"),
            "the selector has no type; use one of everyone, email, email_domain, group, ip,"
                + " service_token, any_service_token"),
        badSelector(
            "unknown type, near a known one",
            new Selector("emial", "alice@acme.example"),
            "unknown selector type \"emial\"; did you mean email? The known ones are everyone,"),
        badSelector(
            "unknown type, another case",
            new Selector("IP", "10.0.0.0/8"),
            "unknown selector type \"IP\"; did you mean ip?"),
        badSelector(
            "unknown type, nothing near",
            new Selector("browser_isolation", null),
            "unknown selector type \"browser_isolation\"; the known ones are everyone, email,"),
        badSelector(
            "email without a value",
            new Selector("email", null),
            "an email selector needs a value, as in"
                + " {\"type\":\"email\",\"value\":\"alice@acme.example\"}"),
        badSelector(
            "group with a blank value",
            Selector.group(" "),
            "a group selector needs a value, as in {\"type\":\"group\",\"value\":\"engineering\"}"),
        badSelector(
            "everyone with a value",
            new Selector("everyone", "yes"),
            "an everyone selector takes no value; remove \"yes\""),
        badSelector(
            "email without '@'",
            Selector.email("alice"),
            "\"alice\" is not an email address: it has no '@'"),
        badSelector(
            "email with nothing before '@'",
            Selector.email("@acme.example"),
            "\"@acme.example\" is not an email address: nothing before the '@'"),
        badSelector(
            "email with a bad domain",
            Selector.email("alice@acme..example"),
            "\"alice@acme..example\" is not an email address: its domain is not valid: it has an"
                + " empty label"),
        badSelector(
            "email with a space",
            Selector.email("alice smith@acme.example"),
            "it contains a space or a control character"),
        badSelector(
            "email_domain with '@'",
            Selector.emailDomain("@acme.example"),
            "\"@acme.example\" is not a domain: give only the part after '@', as in acme.example"),
        badSelector(
            "email_domain wildcard",
            Selector.emailDomain("*.acme.example"),
            "\"*.acme.example\" is not a domain: wildcards are not supported"),
        badSelector(
            "group with spaces around",
            Selector.group("engineering "),
            "\"engineering \" has spaces around it; group names are compared exactly"),
        badSelector(
            "ip prefix too long",
            Selector.ip("10.0.0.0/33"),
            "\"10.0.0.0/33\" is not an IP range: the prefix length must be 0 to 32 for IPv4"),
        badSelector(
            "ip with host bits",
            Selector.ip("10.0.0.1/8"),
            "\"10.0.0.1/8\" is not an IP range: bits are set after the /8 prefix; did you mean"
                + " 10.0.0.0/8?"),
        badSelector(
            "ip is a hostname",
            Selector.ip("office.acme.example"),
            "\"office.acme.example\" is not an IP range: expected an IPv4 address"),
        badPolicy(
            "service_token not a UUID",
            policy(SERVICE_AUTH, 1, Selector.serviceToken("ci-token")),
            "policies[0].include[0]",
            "\"ci-token\" is not a service token id; expected a UUID such as"
                + " 123e4567-e89b-12d3-a456-426614174000"),
        badPolicy(
            "service_token in a loose UUID form",
            policy(SERVICE_AUTH, 1, Selector.serviceToken("1-1-1-1-1")),
            "policies[0].include[0]",
            "\"1-1-1-1-1\" is not a service token id"),
        badPolicy(
            "email in a bypass policy",
            policy(BYPASS, 1, Selector.email("alice@acme.example")),
            "policies[0].include[0]",
            "a bypass policy looks at no identity, so an email selector can never match in it;"
                + " use everyone or ip"),
        badPolicy(
            "token in a bypass policy",
            policy(BYPASS, 1, List.of(Selector.everyone()), List.of(), List.of(anyToken())),
            "policies[0].exclude[0]",
            "a bypass policy looks at no identity, so an any_service_token selector can never"
                + " match"),
        badPolicy(
            "group in a service_auth policy",
            policy(
                SERVICE_AUTH,
                1,
                List.of(anyToken()),
                List.of(Selector.ip("10.0.0.0/8"), Selector.group("ci")),
                List.of()),
            "policies[0].require[1]",
            "a service_auth policy looks only at the service token, so a group selector can never"
                + " match in it"),
        badPolicy(
            "token in an allow policy",
            policy(ALLOW, 1, anyToken()),
            "policies[0].include[0]",
            "only service_auth policies look at service tokens, so an any_service_token selector"
                + " can never match in an allow policy; make the policy service_auth"),
        badPolicy(
            "token in a deny policy",
            policy(DENY, 1, Selector.serviceToken(Fixtures.TOKEN.toString())),
            "policies[0].include[0]",
            "can never match in a deny policy"));
  }

  @ParameterizedTest
  @MethodSource("badApplications")
  void reportsTheProblemWithItsField(Application application, Violation expected) {
    List<Violation> violations = AccessPolicies.validate(application);

    assertThat(violations).hasSize(1);
    assertThat(violations.get(0).field()).isEqualTo(expected.field());
    assertThat(violations.get(0).message()).contains(expected.message());
    AccessPolicyException thrown =
        catchThrowableOfType(
            AccessPolicyException.class, () -> CompiledApplication.compile(application));
    assertThat(thrown.violations()).isEqualTo(violations);
    assertThat(thrown).hasMessage("Invalid access application: " + violations.get(0));
  }

  @Test
  void reportsEveryProblemAtOnceInDocumentOrder() {
    Policy broken =
        Policy.of(
            uuid("broken"),
            "Broken",
            ALLOW,
            1,
            List.of(Selector.ip("10.0.0.0/33"), new Selector("emial", "a@acme.example")),
            List.of(),
            List.of(Selector.email("bob")));
    Application application =
        app(STAFF, broken)
            .hostname("wiki.acme.example:8443")
            .sessionSeconds(60)
            .pathPrefix("admin")
            .build();

    AccessPolicyException thrown =
        catchThrowableOfType(
            AccessPolicyException.class, () -> CompiledApplication.compile(application));

    assertThat(thrown.violations())
        .extracting(Violation::field)
        .containsExactly(
            "hostname",
            "pathPrefix",
            "sessionSeconds",
            "policies[1].include[0]",
            "policies[1].include[1]",
            "policies[1].exclude[0]",
            "policies[1].precedence");
    assertThat(thrown.getMessage())
        .startsWith("Invalid access application (7 problems):\n  hostname: ")
        .contains(
            "\n  policies[1].include[0]: \"10.0.0.0/33\" is not an IP range: the prefix length"
                + " must be 0 to 32 for IPv4\n");
  }

  @Test
  void validatesOnePolicyWithFieldsRelativeToIt() {
    Policy policy =
        new Policy(
            null,
            "Contractors",
            "deny",
            0,
            List.of(Selector.group("contractors"), Selector.ip("10.0.0/8")),
            null,
            null);

    assertThat(AccessPolicies.validate(policy))
        .containsExactly(
            new Violation("id", "missing"),
            new Violation("precedence", "must be 1 or more, got 0"),
            new Violation(
                "include[1]",
                "\"10.0.0/8\" is not an IP range: expected an IPv4 address (four numbers 0-255"
                    + " separated by dots, as in 10.0.0.0) or an IPv6 address"));
    assertThat(AccessPolicies.validate(STAFF)).isEmpty();
  }

  @Test
  void acceptsAValidApplication() {
    Application application =
        app(
                STAFF,
                policy(
                    DENY,
                    2,
                    List.of(Selector.everyone()),
                    List.of(),
                    List.of(Selector.group("staff"), Selector.ip("2001:db8::/32"))),
                policy(BYPASS, 3, Selector.ip("10.0.0.0/8")),
                policy(
                    SERVICE_AUTH, 4, anyToken(), Selector.serviceToken(Fixtures.TOKEN.toString())))
            .identityProviders("google", "github")
            .pathPrefix("/admin")
            .hostname("Wiki.ACME.example")
            .build();

    assertThat(AccessPolicies.validate(application)).isEmpty();
    CompiledApplication compiled = CompiledApplication.compile(application);
    assertThat(compiled.application()).isSameAs(application);
    assertThat(compiled.hostname()).isEqualTo("wiki.acme.example");
  }

  @ParameterizedTest
  @ValueSource(longs = {300, 86_400, 2_592_000})
  void acceptsSessionsAtTheLimits(long seconds) {
    assertThat(AccessPolicies.validate(app(STAFF).sessionSeconds(seconds).build())).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/admin", "/api/v1", "/a-b_c.d~e", "/.well-known"})
  void acceptsPathPrefixes(String prefix) {
    assertThat(AccessPolicies.validate(app(STAFF).pathPrefix(prefix).build())).isEmpty();
  }

  @Test
  void anApplicationWithoutPoliciesIsValidAndDeniesEveryone() {
    Application application = app().build();

    assertThat(AccessPolicies.validate(application)).isEmpty();
  }

  private static Selector anyToken() {
    return Selector.anyServiceToken();
  }

  private static Arguments bad(
      String name, ApplicationBuilder application, String field, String message) {
    return argumentSet(name, application.build(), new Violation(field, message));
  }

  private static Arguments badPolicy(String name, Policy policy, String field, String message) {
    return bad(name, app(policy), field, message);
  }

  private static Arguments badSelector(String name, Selector selector, String message) {
    Policy policy =
        policy(ALLOW, 1, Arrays.asList(Selector.everyone(), selector), List.of(), List.of());
    return bad(name, app(policy), "policies[0].include[1]", message);
  }
}
