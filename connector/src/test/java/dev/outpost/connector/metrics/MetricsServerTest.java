package dev.outpost.connector.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.protocol.agent.OriginProxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MetricsServerTest {

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(MetricsServer server, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + path))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void readyOnlyWithARegisteredConnection() throws Exception {
    var connections = new AtomicInteger();
    try (var server =
        new MetricsServer(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            connections::get,
            new OriginProxy(null))) {
      var notReady = get(server, "/ready");
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(notReady.body()).contains("\"readyConnections\":0");

      connections.set(3);
      var ready = get(server, "/ready");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).contains("\"readyConnections\":3");

      assertThat(get(server, "/healthcheck").statusCode()).isEqualTo(200);
      assertThat(get(server, "/metrics").body())
          .contains("outpost_connector_ha_connections 3")
          .contains("outpost_connector_requests_total 0")
          .contains("outpost_connector_config_version -1");
    }
  }
}
