package dev.outpost.portal.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.portal.web.ApiProblem;
import dev.outpost.portal.web.ApiProblem.FieldError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PublicHostnamesTest {

  @Test
  void aNewHostnameGoesJustAboveTheCatchAll() {
    Map<String, Object> config =
        Map.of(
            "ingress",
            List.of(
                Map.of("hostname", "a.acme.example", "service", "http://a:1"),
                Map.of("service", "http_status:404")),
            "originRequest",
            Map.of("connectTimeout", "5s"));
    var added = PublicHostnames.withRule(config, "b.acme.example", "^/api/", "http://b:2");
    assertThat(added.index()).isEqualTo(1);
    assertThat(added.config().get("ingress"))
        .isEqualTo(
            List.of(
                Map.of("hostname", "a.acme.example", "service", "http://a:1"),
                Map.of("hostname", "b.acme.example", "path", "^/api/", "service", "http://b:2"),
                Map.of("service", "http_status:404")));
    assertThat(added.config().get("originRequest")).isEqualTo(Map.of("connectTimeout", "5s"));
  }

  @Test
  void withoutAConfigurationTheRuleComesWithACatchAll() {
    var added = PublicHostnames.withRule(null, "b.acme.example", null, "http://b:2");
    assertThat(added.index()).isZero();
    assertThat(added.config().get("ingress"))
        .isEqualTo(
            List.of(
                Map.of("hostname", "b.acme.example", "service", "http://b:2"),
                Map.of("service", PublicHostnames.DEFAULT_CATCH_ALL)));
  }

  @Test
  void removingAHostnameRemovesEveryRuleOfItAndNothingElse() {
    Map<String, Object> config =
        Map.of(
            "ingress",
            List.of(
                Map.of("hostname", "b.acme.example", "path", "^/api/", "service", "http://b:2"),
                Map.of("hostname", "a.acme.example", "service", "http://a:1"),
                Map.of("hostname", "B.acme.example", "service", "http://b:3"),
                Map.of("service", "http_status:404")));
    assertThat(PublicHostnames.servicesOf(config, "b.acme.example"))
        .containsExactly("http://b:2", "http://b:3");
    assertThat(PublicHostnames.withoutHostname(config, "b.acme.example").get("ingress"))
        .isEqualTo(
            List.of(
                Map.of("hostname", "a.acme.example", "service", "http://a:1"),
                Map.of("service", "http_status:404")));
    assertThat(PublicHostnames.withoutHostname(config, "c.acme.example")).isNull();
  }

  @Test
  void theApisMessagesAboutTheNewRuleBecomeTheFormsFields() {
    var problem =
        new ApiProblem(
            400,
            "Invalid request",
            null,
            List.of(
                new FieldError("config.ingress[1].service", "unsupported scheme"),
                new FieldError("config.ingress[1].path", "not a regular expression"),
                new FieldError("config.ingress[1]", "matches every request"),
                new FieldError("config.ingress[0].service", "an older rule's problem")));
    assertThat(HostnamePages.ruleProblem(problem, 1).errors())
        .containsExactly(
            new FieldError("service", "unsupported scheme"),
            new FieldError("path", "not a regular expression"),
            new FieldError("hostname", "matches every request"),
            new FieldError("config.ingress[0].service", "an older rule's problem"));
  }
}
