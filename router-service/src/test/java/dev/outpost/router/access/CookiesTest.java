package dev.outpost.router.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CookiesTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "alone                | Outpost_Authorization=t1                        | t1    | ''",
        "first of several     | Outpost_Authorization=t1; a=1; b=2              | t1    | a=1; b=2",
        "in the middle        | a=1;Outpost_Authorization=t1 ;b=2               | t1    | a=1; b=2",
        "twice (two paths)    | Outpost_Authorization=t1; Outpost_Authorization=t2 | t1,t2 | ''",
        "quoted               | Outpost_Authorization=\"t1\"; a=1                 | t1    | a=1",
        "a longer name        | XOutpost_Authorization=t1; a=1                  | ''    | XOutpost_Authorization=t1; a=1",
        "absent               | a=1                                             | ''    | a=1",
        "a value with '='     | a=x=y; Outpost_Authorization=t1                 | t1    | a=x=y",
      })
  void findsAndRemovesTheSessionCookie(String why, String header, String values, String rest) {
    var headers = List.of(header);
    assertThat(Cookies.values(headers, "Outpost_Authorization"))
        .as(why)
        .containsExactlyElementsOf(values.isEmpty() ? List.of() : List.of(values.split(",")));
    assertThat(String.join(" | ", Cookies.without(headers, "Outpost_Authorization")))
        .as(why)
        .isEqualTo(rest);
  }

  @Test
  void http2SplitCookieHeadersAreEachRewritten() {
    var headers = List.of("a=1", "Outpost_Authorization=t", "b=2");
    assertThat(Cookies.without(headers, "Outpost_Authorization")).containsExactly("a=1", "b=2");
    assertThat(Cookies.contains(headers, "Outpost_Authorization")).isTrue();
  }

  @Test
  void theSessionCookieIsHostScopedHttpOnlyLaxAndSecureOnlyOverTls() {
    assertThat(Cookies.setCookie("Outpost_Authorization", "jwt", "/", 3600, true))
        .isEqualTo(
            "Outpost_Authorization=jwt; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax; Secure");
    assertThat(Cookies.setCookie("Outpost_Authorization", "", "/admin", -5, false))
        .isEqualTo("Outpost_Authorization=; Path=/admin; Max-Age=0; HttpOnly; SameSite=Lax")
        .doesNotContain("Domain");
  }
}
