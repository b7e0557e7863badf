package dev.outpost.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ConnectorCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return ConnectorCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void helpExplainsTheCommand() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString())
        .contains("Usage: connector")
        .contains("outbound-only")
        .contains("--version");
  }

  @Test
  void versionNamesTheBuiltVersionAndTheRuntime() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString())
        .containsPattern("Outpost connector \\d+\\.\\d+\\.\\d+")
        .contains("Java ");
  }

  @Test
  void anUnknownOptionIsAUsageErrorWithAReadableMessage() {
    assertThat(run("--frobnicate")).isEqualTo(2);
    assertThat(err.toString())
        .contains("Unknown option: '--frobnicate'")
        .contains("Usage: connector");
  }
}
