package dev.outpost.ingress;

import static dev.outpost.ingress.Configs.ingress;
import static dev.outpost.ingress.Configs.list;
import static dev.outpost.ingress.Configs.map;
import static dev.outpost.ingress.Configs.withCatchAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.outpost.ingress.OriginService.Http;
import dev.outpost.ingress.OriginService.HttpStatus;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IngressTableTest {

  /** The example of cloudflared's documentation, as SnakeYAML reads it. */
  private static final Map<String, Object> CLOUDFLARED_DOCS_EXAMPLE =
      map(
          "tunnel", "6ff42ae2-765d-4adf-8112-31c55c1551ef",
          "credentials-file", "/root/.cloudflared/6ff42ae2-765d-4adf-8112-31c55c1551ef.json",
          "ingress",
              list(
                  map("hostname", "example.com", "service", "http://localhost:8000"),
                  map("service", "http_status:404")));

  static Stream<Arguments> goodConfigs() {
    return Stream.of(
        argumentSet("cloudflared's documented example", CLOUDFLARED_DOCS_EXAMPLE, 2),
        argumentSet("a single catch-all rule", ingress(map("service", "hello_world")), 1),
        argumentSet(
            "catch-all written with *", ingress(map("hostname", "*", "service", "hello_world")), 1),
        argumentSet(
            "catch-all with empty hostname and path",
            ingress(map("hostname", "", "path", "", "service", "http_status:503")),
            1),
        argumentSet(
            "empty YAML values are not set",
            ingress(
                map(
                    "hostname",
                    null,
                    "path",
                    null,
                    "service",
                    "hello_world",
                    "originRequest",
                    null)),
            1),
        argumentSet(
            "every kind of service",
            withCatchAll(
                map("hostname", "a.example", "service", "http://localhost:8080"),
                map("hostname", "b.example", "service", "https://my_app:8443/"),
                map("hostname", "c.example", "service", "tcp://db:5432"),
                map("hostname", "d.example", "service", "ssh://localhost"),
                map("hostname", "e.example", "service", "rdp://desktop"),
                map("hostname", "f.example", "service", "unix:/run/app.sock"),
                map("hostname", "g.example", "service", "unix+tls:/run/app.sock"),
                map("hostname", "h.example", "service", "hello_world"),
                map("hostname", "i.example", "service", "http_status:418")),
            10),
        argumentSet(
            "wildcards, paths and mixed case",
            withCatchAll(
                map("hostname", "*.Acme.Example", "path", "^/api/.*", "service", "http://api:80"),
                map("path", "\\.(png|css|js)$", "service", "http://static:80"),
                map("hostname", "xn--bcher-kva.example", "service", "http://books:80")),
            4),
        argumentSet(
            "every origin option, globally and per rule",
            map(
                "ingress",
                list(
                    map(
                        "hostname", "app.example",
                        "service", "https://localhost:8443",
                        "originRequest", everyOption()),
                    map("service", "http_status:404")),
                "originRequest",
                everyOption()),
            2),
        argumentSet(
            "durations as JSON numbers of seconds",
            map(
                "ingress",
                list(map("service", "http://localhost:8080")),
                "originRequest",
                map("connectTimeout", 30, "tlsTimeout", 2.5, "keepAliveTimeout", 90L)),
            1),
        argumentSet(
            "connector-only top-level keys are ignored",
            map(
                "tunnel", "t-1",
                "credentials-file", "/etc/outpost/t-1.json",
                "warp-routing", map("enabled", true),
                "logfile", "/var/log/outpost.log",
                "ingress", list(map("service", "http_status:404"))),
            1));
  }

  private static Map<String, Object> everyOption() {
    return map(
        "connectTimeout", "10s",
        "tlsTimeout", "5s",
        "tcpKeepAlive", "15s",
        "noHappyEyeballs", true,
        "keepAliveConnections", 10,
        "keepAliveTimeout", "1m30s",
        "httpHostHeader", "app.internal",
        "originServerName", "app.internal",
        "caPool", "/etc/ssl/ca.pem",
        "noTLSVerify", false,
        "disableChunkedEncoding", true,
        "http2Origin", true,
        "access", map("required", true, "teamName", "acme", "audTag", list("aud-1", "aud-2")));
  }

  @ParameterizedTest
  @MethodSource("goodConfigs")
  void parsesGoodConfigs(Map<String, Object> config, int ruleCount) {
    IngressTable table = IngressTable.parse(config);

    assertThat(table.rules()).hasSize(ruleCount);
    assertThat(table.rules().getLast().catchesAll()).isTrue();
  }

  @ParameterizedTest
  @MethodSource("goodConfigs")
  void toMapParsesBackToAnEqualTable(Map<String, Object> config, int ruleCount) {
    IngressTable table = IngressTable.parse(config);

    IngressTable again = IngressTable.parse(table.toMap());

    assertThat(again).isEqualTo(table).hasSameHashCodeAs(table);
    assertThat(again.rules()).isEqualTo(table.rules());
    assertThat(again.toMap()).isEqualTo(table.toMap());
  }

  @Test
  void readsCloudflaredsDocumentedExample() {
    IngressTable table = IngressTable.parse(CLOUDFLARED_DOCS_EXAMPLE);

    assertThat(table.rules())
        .containsExactly(
            new IngressRule(
                "example.com",
                null,
                new Http(URI.create("http://localhost:8000")),
                OriginRequest.DEFAULTS),
            new IngressRule(null, null, new HttpStatus(404), OriginRequest.DEFAULTS));
    assertThat(table.match("example.com", "/").index()).isZero();
    assertThat(table.match("www.example.com", "/").index()).isEqualTo(1);
  }

  @Test
  void mergesRuleOptionsOverGlobalOptionsOverDefaults() {
    IngressTable table =
        IngressTable.parse(
            map(
                "originRequest",
                map(
                    "connectTimeout",
                    "10s",
                    "noTLSVerify",
                    true,
                    "httpHostHeader",
                    "global.internal"),
                "ingress",
                list(
                    map(
                        "hostname", "app.example",
                        "service", "https://localhost:8443",
                        "originRequest",
                            map("connectTimeout", "1m", "httpHostHeader", "app.internal")),
                    map("service", "http://localhost:8080"))));

    OriginRequest rule = table.rules().get(0).originRequest();
    OriginRequest fallback = table.rules().get(1).originRequest();

    assertThat(rule.connectTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(rule.httpHostHeader()).isEqualTo("app.internal");
    assertThat(rule.noTLSVerify()).isTrue();
    assertThat(rule.tlsTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(fallback.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(fallback.httpHostHeader()).isEqualTo("global.internal");
    assertThat(fallback.noTLSVerify()).isTrue();
    assertThat(fallback.keepAliveTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(fallback.originServerName()).isNull();
  }

  @Test
  void toMapGivesTheCanonicalDocumentWithOnlyWhatWasSet() {
    IngressTable table =
        IngressTable.parse(
            map(
                "tunnel", "ignored",
                "ingress",
                    list(
                        map(
                            "hostname", "APP.Example",
                            "path", "^/api/",
                            "service", "HTTP://LocalHost:8080/",
                            "originRequest", map("keepAliveTimeout", 90, "noTLSVerify", null)),
                        map("hostname", "*", "service", "ssh://bastion")),
                "originRequest", map("connectTimeout", "90000ms")));

    assertThat(table.toMap())
        .isEqualTo(
            map(
                "ingress",
                list(
                    map(
                        "hostname", "app.example",
                        "path", "^/api/",
                        "service", "http://localhost:8080",
                        "originRequest", map("keepAliveTimeout", "1m30s")),
                    map("service", "ssh://bastion:22")),
                "originRequest",
                map("connectTimeout", "1m30s")));
  }

  @Test
  void equalityIsOnTheCanonicalForm() {
    IngressTable written =
        IngressTable.parse(
            ingress(
                map(
                    "hostname", "App.Example",
                    "path", "^/x",
                    "service", "http://localhost:80/",
                    "originRequest", map("connectTimeout", "90s")),
                map("hostname", "*", "service", "http_status:404")));
    IngressTable canonical =
        IngressTable.parse(
            ingress(
                map(
                    "hostname", "app.example",
                    "path", "^/x",
                    "service", "http://localhost:80",
                    "originRequest", map("connectTimeout", 90)),
                map("service", "http_status:404")));
    IngressTable otherPath =
        IngressTable.parse(
            ingress(
                map("hostname", "app.example", "path", "^/y", "service", "http://localhost:80"),
                map("service", "http_status:404")));

    assertThat(written).isEqualTo(canonical).hasSameHashCodeAs(canonical);
    assertThat(written).isNotEqualTo(otherPath);
  }

  @Test
  void theTableCannotBeChangedFromOutside() {
    IngressTable table = IngressTable.parse(CLOUDFLARED_DOCS_EXAMPLE);

    table.toMap().put("originRequest", map("connectTimeout", "1s"));

    assertThat(table.toMap()).doesNotContainKey("originRequest");
    assertThat(table.rules()).isUnmodifiable();
  }
}
