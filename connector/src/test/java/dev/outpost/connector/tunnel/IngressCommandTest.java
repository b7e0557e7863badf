package dev.outpost.connector.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.connector.ConnectorCommandAccess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code connector tunnel ingress validate} and {@code rule}, as cloudflared users know them. */
class IngressCommandTest {

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return ConnectorCommandAccess.execute(
        new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  private Path config(String yaml) throws Exception {
    var file = dir.resolve("config.yml");
    Files.writeString(file, yaml);
    return file;
  }

  private static final String RULES =
      """
      ingress:
        - hostname: app.acme.example
          path: ^/api/
          service: http://localhost:3000
        - hostname: "*.acme.example"
          service: https://intranet.acme.internal:9443
        - service: http_status:404
      """;

  @Test
  void validateSaysOkForGoodRules() throws Exception {
    var file = config(RULES);
    assertThat(run("tunnel", "--config", file.toString(), "ingress", "validate")).isZero();
    assertThat(out.toString()).contains("Validating rules from " + file).contains("OK");
  }

  @Test
  void validateNamesEachBadRuleAndFails() throws Exception {
    var file = config("ingress:\n  - hostname: a.acme.example\n    service: gopher://x\n");
    assertThat(run("tunnel", "--config", file.toString(), "ingress", "validate")).isEqualTo(1);
    assertThat(err.toString()).contains("ingress[0].service").contains("ingress[0]");
  }

  @Test
  void ruleShowsWhichRuleAUrlMatches() throws Exception {
    var file = config(RULES);
    assertThat(
            run(
                "tunnel",
                "--config",
                file.toString(),
                "ingress",
                "rule",
                "https://app.acme.example/api/users"))
        .isZero();
    assertThat(out.toString())
        .contains("Matched rule #1")
        .contains("hostname: app.acme.example")
        .contains("service: http://localhost:3000");

    out.getBuffer().setLength(0);
    assertThat(
            run(
                "tunnel",
                "--config",
                file.toString(),
                "ingress",
                "rule",
                "https://app.acme.example/home"))
        .isZero();
    assertThat(out.toString())
        .contains("Matched rule #2")
        .contains("service: https://intranet.acme.internal:9443");

    out.getBuffer().setLength(0);
    assertThat(
            run(
                "tunnel",
                "--config",
                file.toString(),
                "ingress",
                "rule",
                "https://elsewhere.example"))
        .isZero();
    assertThat(out.toString()).contains("Matched rule #3").contains("http_status:404");
  }

  @Test
  void aUrlWithoutHostIsAUsageError() throws Exception {
    var file = config(RULES);
    assertThat(run("tunnel", "--config", file.toString(), "ingress", "rule", "app.acme.example"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("has no host");
  }
}
