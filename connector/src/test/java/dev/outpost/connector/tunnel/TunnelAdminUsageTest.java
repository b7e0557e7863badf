package dev.outpost.connector.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.connector.ConnectorCommandAccess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * The managing commands' answers that need no API: usage errors and an API that is not there. What
 * they do against the real api-service is in system-tests ({@code ConnectorCliSystemTest}).
 */
class TunnelAdminUsageTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return ConnectorCommandAccess.execute(
        new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void withoutATokenItSaysHowToGetOne() {
    assertThat(run("tunnel", "list", "--api-token", "")).isEqualTo(2);
    assertThat(err.toString()).contains("an API token is needed").contains("OUTPOST_API_TOKEN");
  }

  @Test
  void anUnknownOutputFormatIsAUsageError() {
    assertThat(run("tunnel", "list", "--api-token", "otk_x", "-o", "yaml")).isEqualTo(2);
    assertThat(err.toString()).contains("--output takes text or json, not 'yaml'");
  }

  @Test
  void anApiThatIsNotThereIsOneReadableLine() throws Exception {
    int port;
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    int code = run("tunnel", "list", "--api", "http://127.0.0.1:" + port, "--api-token", "otk_x");
    assertThat(code).isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo(
            "error: cannot reach the Outpost API at http://127.0.0.1:"
                + port
                + "/ (is it running?)");
  }

  @Test
  void theManagingCommandsAreListed() {
    assertThat(run("tunnel", "--help")).isZero();
    assertThat(out.toString())
        .contains("create", "list", "info", "route", "token", "delete", "run", "ingress");
  }
}
