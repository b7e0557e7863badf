package dev.outpost.portal.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.portal.web.ApiProblem;
import dev.outpost.portal.web.ApiProblem.FieldError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngressFormTest {

  static final ObjectMapper JSON = new ObjectMapper();

  static Map<String, Object> config() {
    return Map.of(
        "ingress",
        List.of(
            Map.of(
                "hostname", "app.acme.example",
                "service", "http://localhost:3000",
                "originRequest", Map.of("noTLSVerify", true)),
            Map.of("hostname", "api.acme.example", "path", "^/v1/", "service", "http://api:80"),
            Map.of("service", "http_status:404")),
        "originRequest",
        Map.of("connectTimeout", "10s"));
  }

  @Test
  void storedRulesBecomeRowsWithBlankOnesJustAboveTheCatchAll() {
    var form = IngressForm.of(config(), JSON);
    assertThat(form.rows())
        .extracting(IngressForm.Row::hostname, IngressForm.Row::service)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("app.acme.example", "http://localhost:3000"),
            org.assertj.core.groups.Tuple.tuple("api.acme.example", "http://api:80"),
            org.assertj.core.groups.Tuple.tuple("", ""),
            org.assertj.core.groups.Tuple.tuple("", ""),
            org.assertj.core.groups.Tuple.tuple("", "http_status:404"));
    assertThat(form.rows().get(0).options()).isEqualTo("{\"noTLSVerify\":true}");
    assertThat(form.defaults()).isEqualTo("{\"connectTimeout\":\"10s\"}");
  }

  @Test
  void noConfigurationYetStartsWithACatchAll() {
    var form = IngressForm.of(null, JSON);
    assertThat(form.rows()).hasSize(IngressForm.BLANK_ROWS + 1);
    assertThat(form.rows().getLast().service()).isEqualTo("http_status:404");
  }

  @Test
  void whatIsSentBackIsTheSameConfigurationWithoutTheBlankRows() {
    var form = IngressForm.of(config(), JSON);
    var rows = form.rows();
    var sent =
        IngressForm.submitted(
                rows.stream().map(IngressForm.Row::hostname).toList(),
                rows.stream().map(IngressForm.Row::path).toList(),
                rows.stream().map(IngressForm.Row::service).toList(),
                rows.stream().map(IngressForm.Row::options).toList(),
                form.defaults())
            .toConfig(JSON);
    assertThat(sent.config()).isEqualTo(config());
  }

  @Test
  void theApisMessagesLandOnTheRowsTheyAreAboutPastBlankRows() {
    // Row 0 filled, rows 1 and 2 blank, row 3 filled: the API's ingress[1] is row 3.
    var form =
        IngressForm.submitted(
            List.of("a.acme.example", "", "", ""),
            List.of("", "", "", "(("),
            List.of("http://a:1", "", "", "ftp://x"),
            List.of("", "", "", ""),
            "");
    var problem =
        new ApiProblem(
            400,
            "Invalid request",
            null,
            List.of(
                new FieldError("config.ingress[1].service", "unsupported scheme 'ftp'"),
                new FieldError("config.ingress[1].path", "not a regular expression"),
                new FieldError("config.ingress[1]", "the last rule must match every request"),
                new FieldError("config.originRequest.connectTimeout", "not a duration")));
    var shown = form.withProblem(problem);
    assertThat(shown.rows().get(3).error("service")).isEqualTo("unsupported scheme 'ftp'");
    assertThat(shown.rows().get(3).error("path")).isEqualTo("not a regular expression");
    assertThat(shown.rows().get(3).error("rule"))
        .isEqualTo("the last rule must match every request");
    assertThat(shown.rows().get(0).errors()).isEmpty();
    assertThat(shown.general()).containsExactly("originRequest.connectTimeout: not a duration");
  }

  @Test
  void optionsThatAreNotAJsonObjectAreRefusedBeforeAnythingIsSent() {
    var result =
        IngressForm.submitted(
                List.of("a.acme.example", ""),
                List.of("", ""),
                List.of("http://a:1", "http_status:404"),
                List.of("noTLSVerify=true", ""),
                "[1]")
            .toConfig(JSON);
    assertThat(result.config()).isNull();
    assertThat(result.form().rows().get(0).error("options")).contains("JSON object");
    assertThat(result.form().general()).singleElement().asString().contains("every rule");
  }

  @Test
  void rowsMoveAndGoAwayWithoutSaving() {
    var form =
        IngressForm.submitted(
            List.of("a", "b", "c"), List.of(), List.of("s1", "s2", "s3"), List.of(), "");
    assertThat(IngressPages.edit(form, "1:up", null, null).rows())
        .extracting(IngressForm.Row::hostname)
        .containsExactly("b", "a", "c");
    assertThat(IngressPages.edit(form, "2:down", null, null).rows())
        .extracting(IngressForm.Row::hostname)
        .containsExactly("a", "b", "c");
    assertThat(IngressPages.edit(form, null, "0", null).rows())
        .extracting(IngressForm.Row::hostname)
        .containsExactly("b", "c");
    assertThat(IngressPages.edit(form, "x:up", null, null)).isNull();
    assertThat(IngressPages.edit(form, null, null, null)).isNull();
  }
}
