package dev.outpost.protocol.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http2.DefaultHttp2Headers;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForwardedHeadersTest {

  @Test
  void requestIdsAreVersion4UuidsAndDoNotRepeat() {
    var seen = new HashSet<String>();
    for (int i = 0; i < 10_000; i++) {
      var id = ForwardedHeaders.requestId();
      assertThat(id.version()).isEqualTo(4);
      assertThat(id.variant()).isEqualTo(2);
      seen.add(id.toString());
    }
    assertThat(seen).hasSize(10_000);
  }

  @Test
  void aClientsRequestIdIsKeptAndItsForwardedForExtended() {
    var headers =
        new DefaultHttp2Headers().set("x-request-id", "abc").set("x-forwarded-for", "10.0.0.1");
    ForwardedHeaders.add(headers, "192.0.2.7", true, "app.acme.example");
    assertThat(headers.get("x-request-id")).hasToString("abc");
    assertThat(headers.get("x-forwarded-for")).hasToString("10.0.0.1, 192.0.2.7");
    assertThat(headers.get("x-forwarded-proto")).hasToString("https");
    assertThat(headers.get("x-forwarded-host")).hasToString("app.acme.example");
  }

  @Test
  void afterAPassTheClientsOwnOutpostHeadersGoAndTheGatesAreSet() {
    var headers =
        new DefaultHttp2Headers()
            .set("outpost-access-client-id", "forged")
            .set("outpost-access-jwt-assertion", "forged")
            .set("accept", "*/*");
    ForwardedHeaders.afterPass(
        headers,
        true,
        new EdgeGate.Pass(List.of(Map.entry("outpost-access-jwt-assertion", "jwt"))));
    assertThat(headers.contains("outpost-access-client-id")).isFalse();
    assertThat(headers.getAll("outpost-access-jwt-assertion"))
        .extracting(Object::toString)
        .containsExactly("jwt");
    assertThat(headers.get("accept")).hasToString("*/*");
  }
}
