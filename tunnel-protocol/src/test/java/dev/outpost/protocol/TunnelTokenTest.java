package dev.outpost.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TunnelTokenTest {

  private static final byte[] SECRET = new byte[32];

  static {
    for (int i = 0; i < SECRET.length; i++) {
      SECRET[i] = (byte) i;
    }
  }

  private final TunnelToken token = new TunnelToken(UUID.randomUUID(), UUID.randomUUID(), SECRET);

  @Test
  void roundTripsAsATokenAndAsACredentialsFile() {
    assertThat(TunnelToken.parse(token.encode())).isEqualTo(token);
    assertThat(TunnelToken.parseCredentials(token.toCredentials())).isEqualTo(token);
    assertThat(TunnelToken.parse("  " + token.encode() + "\n")).isEqualTo(token);
  }

  @Test
  void readsCloudflaredsCredentialsFileWithAnUndashedAccountTag() {
    var json =
        "{\"AccountTag\":\"0123456789abcdef0123456789abcdef\",\"TunnelSecret\":\""
            + Base64.getEncoder().encodeToString(SECRET)
            + "\",\"TunnelID\":\"c1744f8b-faa1-48a4-9e5c-02ac921467fa\",\"Endpoint\":\"\"}";
    var parsed = TunnelToken.parseCredentials(json);
    assertThat(parsed.tenantId()).hasToString("01234567-89ab-cdef-0123-456789abcdef");
    assertThat(parsed.tunnelId()).hasToString("c1744f8b-faa1-48a4-9e5c-02ac921467fa");
  }

  @Test
  void neverShowsTheSecret() {
    assertThat(token.toString()).doesNotContain(Base64.getEncoder().encodeToString(SECRET));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''                     | the tunnel token is empty",
        "not*base64             | the tunnel token is not base64; copy it whole",
        "{\"a\":\"x\"}          | the tunnel token lacks its tenant, tunnel or secret",
        "{\"a\":\"x\",\"t\":\"y\",\"s\":\"AAAA\"} | the tunnel token's secret has 3 bytes, not 32",
      })
  void aBadTokenSaysWhatIsWrong(String input, String message) {
    var token = input.startsWith("{") ? b64(input) : input;
    assertThatThrownBy(() -> TunnelToken.parse(token)).hasMessage(message);
  }

  @Test
  void aBadIdIsNamed() {
    var secret = Base64.getEncoder().encodeToString(SECRET);
    assertThatThrownBy(
            () ->
                TunnelToken.parse(
                    b64(
                        "{\"a\":\"acme\",\"t\":\""
                            + UUID.randomUUID()
                            + "\",\"s\":\""
                            + secret
                            + "\"}")))
        .hasMessage("the tunnel token's tenant id is not an id: acme");
  }

  private static String b64(String json) {
    return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
