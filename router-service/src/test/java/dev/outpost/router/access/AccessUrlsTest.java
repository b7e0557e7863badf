package dev.outpost.router.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessUrlsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      nullValues = "null",
      value = {
        "same host and port,           http://app.acme.example:8000/x?y=1, false, app.acme.example:8000, true",
        "host in another case,         http://APP.acme.example:8000/,      false, app.acme.example:8000, true",
        "default port over TLS,        https://app.acme.example/x,         true,  app.acme.example,      true",
        "explicit default port,        https://app.acme.example:443/x,     true,  app.acme.example,      true",
        "another port,                 http://app.acme.example:9000/,      false, app.acme.example:8000, false",
        "another host,                 http://evil.example:8000/,          false, app.acme.example:8000, false",
        "a suffix of the host,         http://xapp.acme.example:8000/,     false, app.acme.example:8000, false",
        "user info,                    http://app.acme.example:8000@evil.example/, false, app.acme.example:8000, false",
        "relative,                     /x,                                 false, app.acme.example:8000, false",
        "protocol-relative,            //evil.example/x,                   false, app.acme.example:8000, false",
        "javascript,                   javascript:alert(1),                false, app.acme.example:8000, false",
        "not a URL,                    http://a b,                         false, app.acme.example:8000, false",
        "none,                         null,                               false, app.acme.example:8000, false",
      })
  void theLoginComesBackOnlyToTheRequestsOwnOrigin(
      String why, String redirect, boolean tls, String authority, boolean expected) {
    assertThat(AccessUrls.onRequestOrigin(redirect, tls, authority)).as(why).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      nullValues = "null",
      value = {
        "a browser page,        'text/html,application/xhtml+xml,*/*;q=0.8', null,           true",
        "upper case,            TEXT/HTML,                                     null,           true",
        "fetch of JSON,         application/json,                              null,           false",
        "curl,                  */*,                                           null,           false",
        "no Accept,             null,                                          null,           false",
        "an XMLHttpRequest,     text/html,                                     XMLHttpRequest, false",
        "xhr in lower case,     text/html,                                     xmlhttprequest, false",
        "another X-Requested-With, text/html,                                  com.app,        true",
      })
  void browsersAreToldApartFromScripts(
      String why, String accept, String requestedWith, boolean browser) {
    assertThat(AccessUrls.isBrowser(accept, requestedWith)).as(why).isEqualTo(browser);
  }

  @Test
  void theOriginalUrlAndTheLogin() {
    var original =
        AccessUrls.original(false, "app.acme.example:8000", "app.acme.example", "/a?b=c");
    assertThat(original).isEqualTo("http://app.acme.example:8000/a?b=c");
    assertThat(AccessUrls.original(true, null, "app.acme.example", "*"))
        .isEqualTo("https://app.acme.example/");
    var id = UUID.fromString("7d0b3c4e-1f2a-4b5c-8d6e-9f0a1b2c3d4e");
    assertThat(AccessUrls.login("http://localhost:8081", id, original, false))
        .isEqualTo(
            "http://localhost:8081/login?application="
                + id
                + "&redirect=http%3A%2F%2Fapp.acme.example%3A8000%2Fa%3Fb%3Dc");
    assertThat(AccessUrls.login("http://localhost:8081", id, original, true))
        .endsWith("&prompt=login");
    assertThat(AccessUrls.logout("https://access.example"))
        .isEqualTo("https://access.example/logout");
  }
}
