package dev.outpost.ingress;

import static dev.outpost.ingress.Configs.ingress;
import static dev.outpost.ingress.Configs.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IngressMatchTest {

  private static final IngressTable TABLE =
      IngressTable.parse(
          ingress(
              map("hostname", "app.acme.example", "service", "http://localhost:8000"),
              map(
                  "hostname",
                  "*.acme.example",
                  "path",
                  "^/api/",
                  "service",
                  "http://localhost:8001"),
              map("hostname", "*.acme.example", "service", "http://localhost:8002"),
              map("path", "\\.(png|css)$", "service", "http://localhost:8003"),
              map("hostname", "Home.Example", "path", "^/$", "service", "http://localhost:8004"),
              map("service", "http_status:404")));

  @ParameterizedTest(name = "{0}: host ''{1}'', path ''{2}'' -> rule {3}")
  @CsvSource(
      nullValues = "null",
      value = {
        "exact hostname,                      app.acme.example,      /,              0",
        "hostname is case-insensitive,        APP.Acme.EXAMPLE,      /,              0",
        "port is stripped,                    app.acme.example:8443, /,              0",
        "exact hostname before wildcard,      app.acme.example,      /api/users,     0",
        "wildcard with path,                  b.acme.example,        /api/users,     1",
        "regex need not match the whole path, b.acme.example,        /api/v1/users,  1",
        "anchored path does not match later,  b.acme.example,        /v1/api/users,  2",
        "wildcard one level down,             b.acme.example,        /,              2",
        "wildcard several levels down,        a.b.c.acme.example,    /,              2",
        "wildcard with port,                  B.acme.example:80,     /,              2",
        "wildcard does not match the apex,    acme.example,          /,              5",
        "wildcard needs a dot before suffix,  xacme.example,         /,              5",
        "path-only rule matches any host,     acme.example,          /logo.png,      3",
        "path-only rule with no host,         null,                  /site.css,      3",
        "null path is taken as /,             home.example,          null,           4",
        "empty path is taken as /,            home.example,          '',             4",
        "rule hostname was lowercased,        HOME.example,          /,              4",
        "path must match too,                 home.example,          /about,         5",
        "unknown host falls to the catch-all, other.example,         /,              5",
        "no host falls to the catch-all,      null,                  /,              5",
        "IPv6 host falls to the catch-all,    '[::1]:8080',          /,              5",
        "hostname is not a suffix match,      app.acme.example.evil, /,              5",
      })
  void findsTheFirstMatchingRule(String why, String host, String path, int expected) {
    IngressTable.Match match = TABLE.match(host, path);

    assertThat(match.index()).as(why).isEqualTo(expected);
    assertThat(match.rule()).isSameAs(TABLE.rules().get(expected));
  }

  @ParameterizedTest(name = "rule ''{0}'' vs host ''{1}'': {2}")
  @CsvSource(
      nullValues = "null",
      value = {
        "null,             anything.example,     true",
        "null,             null,                 true",
        "*,                anything.example,     true",
        "app.example,      app.example,          true",
        "app.example,      App.Example:443,      true",
        "app.example,      app.example:,         true",
        "app.example,      www.app.example,      false",
        "*.example,        app.example,          true",
        "*.example,        a.b.example,          true",
        "*.example,        example,              false",
        "*.example,        .example,             false",
      })
  void matchesAHostAgainstARuleHostname(String ruleHostname, String host, boolean expected) {
    IngressRule rule =
        new IngressRule(ruleHostname, null, new OriginService.HelloWorld(), OriginRequest.DEFAULTS);

    assertThat(rule.matches(host, "/")).isEqualTo(expected);
  }

  @Test
  void aRuleWithoutHostnameOrPathCatchesAll() {
    IngressRule catchAll =
        new IngressRule(null, null, new OriginService.HttpStatus(404), OriginRequest.DEFAULTS);
    IngressRule withPath =
        new IngressRule(
            null,
            Pattern.compile("^/x"),
            new OriginService.HttpStatus(404),
            OriginRequest.DEFAULTS);

    assertThat(catchAll.catchesAll()).isTrue();
    assertThat(catchAll.matches(null, null)).isTrue();
    assertThat(withPath.catchesAll()).isFalse();
  }

  @Test
  void theMatchedRuleCarriesMergedOptions() {
    IngressTable table =
        IngressTable.parse(
            map(
                "ingress",
                Configs.list(
                    map(
                        "hostname", "app.acme.example",
                        "service", "https://localhost:8443",
                        "originRequest", map("noTLSVerify", true)),
                    map("service", "http_status:404")),
                "originRequest",
                map("connectTimeout", "5s")));

    OriginRequest options = table.match("app.acme.example", "/").rule().originRequest();

    assertThat(options.noTLSVerify()).isTrue();
    assertThat(options.connectTimeout()).hasSeconds(5);
    assertThat(options.keepAliveConnections()).isEqualTo(100);
  }
}
