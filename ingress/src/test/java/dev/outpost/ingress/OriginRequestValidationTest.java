package dev.outpost.ingress;

import static dev.outpost.ingress.Configs.list;
import static dev.outpost.ingress.Configs.map;
import static dev.outpost.ingress.Configs.withCatchAll;
import static dev.outpost.ingress.IngressValidationTest.parseFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad {@code originRequest} options, in a rule and globally. */
class OriginRequestValidationTest {

  static Stream<Arguments> badOptions() {
    return Stream.of(
        option("not a mapping", "10s", "originRequest", "expected a mapping of origin options"),
        option(
            "typo",
            map("conectTimeout", "10s"),
            "originRequest.conectTimeout",
            "unknown origin option; did you mean connectTimeout?"),
        option(
            "wrong case",
            map("noTlsVerify", true),
            "originRequest.noTlsVerify",
            "did you mean noTLSVerify?"),
        option(
            "unknown",
            map("retries", 3),
            "originRequest.retries",
            "the known ones are connectTimeout, tlsTimeout, tcpKeepAlive"),
        option(
            "cloudflared-only",
            map("bastionMode", true),
            "originRequest.bastionMode",
            "a cloudflared option that Outpost does not support"),
        option(
            "bad duration",
            map("connectTimeout", "10 seconds"),
            "originRequest.connectTimeout",
            "'10 seconds' is not a duration; use for example 30s or 1m30s"),
        option(
            "duration without unit",
            map("tlsTimeout", "30"),
            "originRequest.tlsTimeout",
            "'30' is not a duration"),
        option(
            "duration as boolean",
            map("tcpKeepAlive", true),
            "originRequest.tcpKeepAlive",
            "true is not a duration"),
        option(
            "negative duration",
            map("keepAliveTimeout", "-5s"),
            "originRequest.keepAliveTimeout",
            "'-5s' is negative"),
        option(
            "negative seconds",
            map("connectTimeout", -1),
            "originRequest.connectTimeout",
            "-1 is negative"),
        option(
            "boolean as string",
            map("noTLSVerify", "true"),
            "originRequest.noTLSVerify",
            "expected true or false, got 'true'"),
        option(
            "boolean as number",
            map("http2Origin", 1),
            "originRequest.http2Origin",
            "expected true or false, got 1"),
        option(
            "negative count",
            map("keepAliveConnections", -1),
            "originRequest.keepAliveConnections",
            "must not be negative, got -1"),
        option(
            "fractional count",
            map("keepAliveConnections", 1.5),
            "originRequest.keepAliveConnections",
            "expected a whole number such as 100, got 1.5"),
        option(
            "count as string",
            map("keepAliveConnections", "100"),
            "originRequest.keepAliveConnections",
            "expected a whole number"),
        option(
            "count too large",
            map("keepAliveConnections", 3_000_000_000L),
            "originRequest.keepAliveConnections",
            "is too large"),
        option(
            "string as number",
            map("originServerName", 42),
            "originRequest.originServerName",
            "expected a string such as app.internal, got 42"),
        option(
            "access not a mapping",
            map("access", true),
            "originRequest.access",
            "expected a mapping such as { required: true"),
        option(
            "access typo",
            map("access", map("teamname", "acme")),
            "originRequest.access.teamname",
            "unknown access option; did you mean teamName?"),
        option(
            "audTag not a list",
            map("access", map("audTag", "aud-1")),
            "originRequest.access.audTag",
            "expected a list of strings, got 'aud-1'"),
        option(
            "audTag item not a string",
            map("access", map("audTag", list("aud-1", 2))),
            "originRequest.access.audTag[1]",
            "expected a string"),
        option(
            "required audTag without team",
            map("access", map("required", true, "audTag", list("aud-1"))),
            "originRequest.access.teamName",
            "must be set when access is required with an audTag"));
  }

  @ParameterizedTest
  @MethodSource("badOptions")
  void reportsTheOptionAndWhatIsWrong(Object options, String field, String message) {
    Map<String, Object> inRule =
        withCatchAll(
            map(
                "hostname", "a.example",
                "service", "http://localhost:8080",
                "originRequest", options));
    Map<String, Object> global =
        map("ingress", list(map("service", "hello_world")), "originRequest", options);

    assertThat(parseFailure(inRule).violations())
        .singleElement()
        .satisfies(v -> assertThat(v.field()).isEqualTo("ingress[0]." + field))
        .satisfies(v -> assertThat(v.message()).contains(message));
    assertThat(parseFailure(global).violations())
        .singleElement()
        .satisfies(v -> assertThat(v.field()).isEqualTo(field));
  }

  private static Arguments option(String name, Object options, String field, String message) {
    return argumentSet(name, options, field, message);
  }
}
