package dev.outpost.infra.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LauncherOptionsTest {

  @Test
  void defaultsKeepStateInTheProjectFolder() {
    var options = LauncherOptions.parse("--home", "/srv/outpost");
    assertThat(options.state()).isEqualTo(Path.of("/srv/outpost/.outpost"));
    assertThat(options.portOffset()).isZero();
    assertThat(options.help()).isFalse();
  }

  @Test
  void stateAndOffsetAreTaken() {
    var options = LauncherOptions.parse("--state", "/tmp/s", "--port-offset", "100");
    assertThat(options.state()).isEqualTo(Path.of("/tmp/s"));
    assertThat(options.portOffset()).isEqualTo(100);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--port-offset abc | --port-offset takes a whole number, not 'abc'",
        "--port-offset -5  | --port-offset must be between 0 and 10000",
        "--state           | --state needs a value",
        "--state --help    | --state needs a value",
        "--verbose         | unknown option '--verbose'"
      })
  void badArgumentsGetAMessageThatSaysWhatIsWrong(String args, String message) {
    assertThatThrownBy(() -> LauncherOptions.parse(args.split(" ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void portsMoveTogether() {
    var moved = PlatformPorts.defaults().offsetBy(100);
    assertThat(moved.api()).isEqualTo(8180);
    assertThat(moved.postgres()).isEqualTo(15532);
    assertThat(moved.portal()).isEqualTo(8183);
    assertThat(moved.byPort())
        .hasSize(12)
        .containsEntry(8183, "portal")
        .containsEntry(19192, "Kafka")
        .containsEntry(8543, "edge, public HTTPS")
        .containsEntry(7944, "edge, tunnels");
  }
}
