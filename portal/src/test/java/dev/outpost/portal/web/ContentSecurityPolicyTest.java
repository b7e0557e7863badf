package dev.outpost.portal.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContentSecurityPolicyTest {

  @ParameterizedTest
  @CsvSource({
    "http://localhost:18080/realms/outpost, http://localhost:18080",
    "https://id.example.com/realms/outpost, https://id.example.com",
    "https://id.example.com:8443/auth/realms/x/, https://id.example.com:8443"
  })
  void formsMayGoToTheIdentityProvidersOriginOnly(String issuer, String origin) {
    assertThat(ContentSecurityPolicy.origin(issuer)).isEqualTo(origin);
    assertThat(ContentSecurityPolicy.of(issuer)).contains("form-action 'self' " + origin + ";");
  }

  @Test
  void nothingInlineNothingEvaluatedNothingFramed() {
    var policy = ContentSecurityPolicy.of("http://localhost:18080/realms/outpost");
    assertThat(policy)
        .startsWith("default-src 'none';")
        .contains("script-src 'self';", "style-src 'self';", "frame-ancestors 'none'")
        .doesNotContain("unsafe-inline", "unsafe-eval", "*");
  }

  @Test
  void aRelativeIssuerIsAMistake() {
    assertThatThrownBy(() -> ContentSecurityPolicy.origin("/realms/outpost"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
