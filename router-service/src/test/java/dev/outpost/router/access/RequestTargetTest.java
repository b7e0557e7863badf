package dev.outpost.router.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestTargetTest {

  @ParameterizedTest(name = "{0}: ''{1}'' -> ''{2}''")
  @CsvSource(
      nullValues = "null",
      value = {
        "root,                          /,                          /",
        "plain,                         /admin/users,               /admin/users",
        "query dropped,                 /admin?x=/y,                /admin",
        "fragment dropped,              /admin#top,                 /admin",
        "trailing slash kept,           /admin/,                    /admin/",
        "percent-encoded letter,        /%61dmin,                   /admin",
        "double encoding,               /%2561dmin,                 /admin",
        "encoded slash,                 /x%2F..%2Fadmin,            /admin",
        "backslash,                     /x\\..\\admin,              /admin",
        "dot segments,                  /x/../admin/./users,        /admin/users",
        "dot-dot above the root,        /../../admin,               /admin",
        "doubled slashes,               //admin//users,             /admin/users",
        "segment parameters,            /admin;jsessionid=1/users,  /admin/users",
        "parameters on the last,        /admin;v=1,                 /admin",
        "a broken escape stays,         /a%zz,                      /a%zz",
        "trailing dot-dot is a folder,  /admin/x/..,                /admin/",
        "absolute-form,                 http://app.example/admin?q, /admin",
        "absolute-form without path,    http://app.example,         /",
        "asterisk form,                 *,                          /",
        "empty,                         '',                         /",
        "null,                          null,                       /",
        "UTF-8 escapes,                 /caf%C3%A9,                 /café",
      })
  void normalizesThePathApplicationsAreMatchedWith(String why, String target, String expected) {
    assertThat(RequestTarget.matchingPath(target)).as(why).isEqualTo(expected);
  }

  @Test
  void readsQueryParametersFormDecoded() {
    var parameters =
        RequestTarget.queryParameters(
            "/.outpost/authorized?token=a.b-c_d&redirect=http%3A%2F%2Fapp%2Fx%3Fy%3D1&token=no#f");
    assertThat(parameters)
        .containsEntry("token", "a.b-c_d")
        .containsEntry("redirect", "http://app/x?y=1")
        .hasSize(2);
    assertThat(RequestTarget.queryParameters("/x")).isEmpty();
    assertThat(RequestTarget.queryParameters("/x?a=%zz&b")).containsEntry("b", "").hasSize(1);
  }
}
