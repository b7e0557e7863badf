package dev.outpost.api.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.service.problem.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebhookRequestsTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "https://hooks.example.com/outpost?x=1 | ok",
        "http://hooks.example.com:8080/a     | ok",
        "HTTPS://hooks.example.com           | ok",
        "ftp://hooks.example.com/            | must be an absolute http:// or https:// URL",
        "/relative/path                      | must be an absolute http:// or https:// URL",
        "https://                            | is not a URL",
        "https://u:p@hooks.example.com/      | must not carry credentials or a #fragment",
        "https://hooks.example.com/#top      | must not carry credentials or a #fragment",
        "http://127.0.0.1/hook               | loopback",
        "http://10.0.0.8/hook                | a private address",
        "http://169.254.169.254/latest       | link-local",
        "http://[::1]:9000/                  | loopback",
        "http://[fd12::1]/                   | unique-local",
        "http://[::ffff:192.168.0.1]/        | a private address",
        "http://100.64.0.1/                  | carrier-grade NAT",
        "http://93.184.215.14/               | ok",
      })
  void urlsAreCheckedAndLiteralPrivateAddressesRefused(String url, String expected) {
    var errors = new ArrayList<Problem.FieldError>();
    var checked = WebhookRequests.url(url, new DestinationGuard(false), errors);
    if (expected.equals("ok")) {
      assertThat(errors).isEmpty();
      assertThat(checked).isNotNull();
    } else {
      assertThat(checked).isNull();
      assertThat(errors).singleElement().satisfies(e -> assertThat(e.message()).contains(expected));
    }
  }

  @ParameterizedTest(name = "allowed: {0}")
  @CsvSource({"http://127.0.0.1:8080/hook", "http://[::1]/", "http://10.1.1.1/"})
  void anOperatorMayAllowPrivateDestinations(String url) {
    var errors = new ArrayList<Problem.FieldError>();
    assertThat(WebhookRequests.url(url, new DestinationGuard(true), errors)).isNotNull();
    assertThat(errors).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "PT1H | PT1H",
        "PT0S | PT0S",
        "P7D | PT168H",
        "P8D | error",
        "-PT1S | error",
        "soon | error"
      })
  void gracePeriods(String value, String expected) {
    var errors = new ArrayList<Problem.FieldError>();
    var grace = WebhookRequests.gracePeriod(value, Duration.ofHours(24), errors);
    if (expected.equals("error")) {
      assertThat(errors).extracting(Problem.FieldError::field).containsExactly("gracePeriod");
    } else {
      assertThat(errors).isEmpty();
      assertThat(grace).isEqualTo(Duration.parse(expected));
    }
  }

  @org.junit.jupiter.api.Test
  void eventTypesAreKnownAndDeduplicated() {
    var errors = new ArrayList<Problem.FieldError>();
    assertThat(
            WebhookRequests.eventTypes(
                List.of("tunnel.deleted", "webhook.disabled", "tunnel.deleted"), errors))
        .containsExactly("tunnel.deleted", "webhook.disabled");
    assertThat(errors).isEmpty();
    WebhookRequests.eventTypes(List.of("webhook.test", "nope"), errors);
    assertThat(errors)
        .extracting(Problem.FieldError::field)
        .containsExactly("eventTypes[0]", "eventTypes[1]");
  }
}
