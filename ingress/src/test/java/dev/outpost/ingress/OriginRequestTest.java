package dev.outpost.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.outpost.ingress.OriginRequest.Access;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OriginRequestTest {

  @Test
  void defaultsAreCloudflareds() {
    OriginRequest defaults = OriginRequest.DEFAULTS;

    assertThat(defaults.connectTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(defaults.tlsTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(defaults.tcpKeepAlive()).isEqualTo(Duration.ofSeconds(30));
    assertThat(defaults.keepAliveConnections()).isEqualTo(100);
    assertThat(defaults.keepAliveTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(defaults.noHappyEyeballs()).isFalse();
    assertThat(defaults.noTLSVerify()).isFalse();
    assertThat(defaults.disableChunkedEncoding()).isFalse();
    assertThat(defaults.http2Origin()).isFalse();
    assertThat(defaults.httpHostHeader()).isNull();
    assertThat(defaults.originServerName()).isNull();
    assertThat(defaults.caPool()).isNull();
    assertThat(defaults.access()).isNull();
  }

  @Test
  void mergeKeepsWhatIsSetAndFillsTheRest() {
    OriginRequest rule =
        OriginRequest.builder()
            .connectTimeout(Duration.ofSeconds(5))
            .noTLSVerify(false)
            .access(new Access(true, "acme", List.of("aud-1")))
            .build();
    OriginRequest global =
        OriginRequest.builder()
            .connectTimeout(Duration.ofSeconds(60))
            .noTLSVerify(true)
            .caPool("/etc/ssl/ca.pem")
            .access(new Access(false, "other", List.of()))
            .build();

    OriginRequest merged = rule.merge(global).merge(OriginRequest.DEFAULTS);

    assertThat(merged.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(merged.noTLSVerify()).as("a false that was set wins over a true").isFalse();
    assertThat(merged.caPool()).isEqualTo("/etc/ssl/ca.pem");
    assertThat(merged.access()).isEqualTo(new Access(true, "acme", List.of("aud-1")));
    assertThat(merged.tlsTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void mergingNothingChangesNothing() {
    assertThat(OriginRequest.DEFAULTS.merge(OriginRequest.NONE)).isEqualTo(OriginRequest.DEFAULTS);
    assertThat(OriginRequest.NONE.merge(OriginRequest.DEFAULTS)).isEqualTo(OriginRequest.DEFAULTS);
    assertThat(OriginRequest.NONE.isEmpty()).isTrue();
    assertThat(OriginRequest.DEFAULTS.isEmpty()).isFalse();
  }

  @Test
  void refusesValuesNoConfigurationCouldGive() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> OriginRequest.builder().tlsTimeout(Duration.ofSeconds(-1)).build());
    assertThatIllegalArgumentException()
        .isThrownBy(() -> OriginRequest.builder().keepAliveConnections(-1).build());
  }
}
