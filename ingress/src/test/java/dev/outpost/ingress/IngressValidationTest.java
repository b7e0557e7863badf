package dev.outpost.ingress;

import static dev.outpost.ingress.Configs.ingress;
import static dev.outpost.ingress.Configs.list;
import static dev.outpost.ingress.Configs.map;
import static dev.outpost.ingress.Configs.withCatchAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class IngressValidationTest {

  static Stream<Arguments> badDocuments() {
    return Stream.of(
        argumentSet("no ingress", map("tunnel", "t-1"), "ingress", "missing; list the rules"),
        argumentSet(
            "ingress not a list",
            map("ingress", "http://localhost:8080"),
            "ingress",
            "expected a list of rules, got 'http://localhost:8080'"),
        argumentSet("no rules", ingress(), "ingress", "must have at least one rule"),
        argumentSet(
            "a rule that is not a mapping",
            ingress("http://localhost:8080"),
            "ingress[0]",
            "expected a rule: a mapping with a service"),
        argumentSet(
            "global originRequest not a mapping",
            map("ingress", list(map("service", "hello_world")), "originRequest", list()),
            "originRequest",
            "expected a mapping of origin options such as { connectTimeout: 30s }, got a list"),
        argumentSet(
            "bad global option",
            map(
                "ingress",
                list(map("service", "hello_world")),
                "originRequest",
                map("tlsTimeout", "soon")),
            "originRequest.tlsTimeout",
            "'soon' is not a duration"));
  }

  static Stream<Arguments> badCatchAlls() {
    return Stream.of(
        argumentSet(
            "last rule has a hostname",
            ingress(map("hostname", "app.example", "service", "hello_world")),
            "ingress[0]",
            "the last rule must match every request"),
        argumentSet(
            "last rule has a path",
            ingress(map("hostname", "*", "path", "^/", "service", "hello_world")),
            "ingress[0]",
            "the last rule must match every request"),
        argumentSet(
            "catch-all before the last rule",
            ingress(map("service", "hello_world"), map("service", "http_status:404")),
            "ingress[0]",
            "matches every request, so the rules after it can never match"),
        argumentSet(
            "wildcard-only hostname before the last rule",
            ingress(
                map("hostname", "a.example", "service", "hello_world"),
                map("hostname", "*", "service", "hello_world"),
                map("service", "http_status:404")),
            "ingress[1]",
            "matches every request"));
  }

  static Stream<Arguments> badRuleFields() {
    return Stream.of(
        rule(
            "unknown field",
            map("hostname", "a.example", "pth", "^/", "service", "hello_world"),
            "ingress[0].pth",
            "unknown rule field; did you mean path?"),
        rule(
            "unknown field, no near key",
            map("hostname", "a.example", "service", "hello_world", "weight", 2),
            "ingress[0].weight",
            "the known ones are hostname, path, service, originRequest"),
        rule(
            "hostname not a string",
            map("hostname", 42, "service", "hello_world"),
            "ingress[0].hostname",
            "expected a string such as app.acme.example, got 42"),
        rule(
            "label of 64",
            host("a".repeat(64) + ".example"),
            "ingress[0].hostname",
            "is longer than 63 characters"),
        rule(
            "name of 254",
            host(("a".repeat(49) + ".").repeat(5) + "example"),
            "ingress[0].hostname",
            "longer than 253 characters"),
        rule(
            "path not a regex",
            map("path", "(", "service", "hello_world"),
            "ingress[0].path",
            "'(' is not a valid regular expression: Unclosed group"),
        rule(
            "path glob",
            map("path", "*", "service", "hello_world"),
            "ingress[0].path",
            "Dangling meta character '*'"),
        rule(
            "path not a string",
            map("path", list("/a"), "service", "hello_world"),
            "ingress[0].path",
            "expected a string such as ^/api/, got a list"),
        rule(
            "no service",
            map("hostname", "a.example"),
            "ingress[0].service",
            "missing; use one of: http://host[:port], https://host[:port], tcp://host:port"),
        rule(
            "service not a string",
            map("hostname", "a.example", "service", 8080),
            "ingress[0].service",
            "expected a string such as http://localhost:8080, got 8080"),
        rule(
            "unsupported service",
            map("hostname", "a.example", "service", "localhost:8080"),
            "ingress[0].service",
            "'localhost:8080' is not a supported service; use one of"),
        rule(
            "service with a path",
            map("hostname", "a.example", "service", "http://localhost:8080/app"),
            "ingress[0].service",
            "must not have a path"),
        rule(
            "bad status",
            map("hostname", "a.example", "service", "http_status:700"),
            "ingress[0].service",
            "from 100 to 599"));
  }

  @ParameterizedTest
  @MethodSource({"badDocuments", "badCatchAlls", "badRuleFields"})
  void reportsTheFieldAndWhatIsWrong(Map<String, Object> config, String field, String message) {
    IngressException e = parseFailure(config);

    assertThat(e.violations()).hasSize(1);
    assertThat(e.violations().get(0).field()).isEqualTo(field);
    assertThat(e.violations().get(0).message()).contains(message);
  }

  @ParameterizedTest(name = "''{0}'': {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          app.example:8080    | 'app.example:8080' is not a valid hostname: remove the port
          https://app.example | remove the scheme; a hostname is just the name
          app.example/api     | remove the path; match paths with the rule's path field
          app.*.example       | a wildcard is allowed only as the whole first label
          *app.example        | a wildcard is allowed only as the whole first label
          *.*.example         | a wildcard is allowed only as the whole first label
          **                  | a wildcard is allowed only as the whole first label
          my_app.example      | '_' is not allowed; use letters, digits and '-'
          " my.example"       | ' ' is not allowed
          bücher.example      | 'ü' is not allowed; use letters, digits and '-' (and punycode
          app:example         | ':' is not allowed
          -app.example        | the label '-app' starts or ends with '-'
          app-.example        | the label 'app-' starts or ends with '-'
          app..example        | it has an empty label (a leading, trailing or doubled '.')
          .app.example        | it has an empty label
          app.example.        | it has an empty label
          *.                  | it has an empty label
          """)
  void refusesInvalidHostnames(String hostname, String message) {
    IngressException e =
        parseFailure(withCatchAll(map("hostname", hostname, "service", "hello_world")));

    assertThat(e.violations())
        .singleElement()
        .satisfies(v -> assertThat(v.field()).isEqualTo("ingress[0].hostname"))
        .satisfies(v -> assertThat(v.message()).contains(message));
  }

  @Test
  void reportsEveryViolationAtOnceInDocumentOrder() {
    Map<String, Object> config =
        map(
            "ingress",
            list(
                map("hostname", "app.example:443", "service", "http://localhost:8080/app"),
                map("service", "hello_world", "originRequest", map("connectTimeout", "soon")),
                map("hostname", "b.example", "path", "(", "service", "tcp://db")),
            "originRequest",
            map("noTLSVerify", "yes", "keepAliveConnections", -5));

    IngressException e = parseFailure(config);

    assertThat(e.violations())
        .extracting(Violation::field)
        .containsExactly(
            "ingress[0].hostname",
            "ingress[0].service",
            "ingress[1].originRequest.connectTimeout",
            "ingress[1]",
            "ingress[2].path",
            "ingress[2].service",
            "ingress[2]",
            "originRequest.noTLSVerify",
            "originRequest.keepAliveConnections");
    assertThat(e.getMessage())
        .startsWith("Invalid ingress configuration (9 problems):\n  ingress[0].hostname: ")
        .contains("\n  ingress[1]: matches every request, so the rules after it can never match");
  }

  @Test
  void aSingleViolationMakesAOneLineMessage() {
    IngressException e =
        parseFailure(withCatchAll(map("hostname", "a_b.example", "service", "hello_world")));

    assertThat(e.getMessage())
        .isEqualTo(
            "Invalid ingress configuration: ingress[0].hostname: 'a_b.example' is not a valid"
                + " hostname: '_' is not allowed; use letters, digits and '-' (and punycode,"
                + " xn--, for international names)");
  }

  @Test
  void longValuesAreShortenedInMessages() {
    String longService = "x".repeat(500);

    IngressException e = parseFailure(ingress(map("service", longService)));

    assertThat(e.getMessage())
        .contains("'" + "x".repeat(80) + "...'")
        .doesNotContain("x".repeat(81));
  }

  private static Arguments rule(
      String name, Map<String, Object> rule, String field, String message) {
    return argumentSet(name, withCatchAll(rule), field, message);
  }

  private static Map<String, Object> host(String hostname) {
    return map("hostname", hostname, "service", "hello_world");
  }

  static IngressException parseFailure(Map<String, Object> config) {
    IngressException e =
        catchThrowableOfType(IngressException.class, () -> IngressTable.parse(config));
    assertThat(e).as("parse should have failed").isNotNull();
    return e;
  }
}
