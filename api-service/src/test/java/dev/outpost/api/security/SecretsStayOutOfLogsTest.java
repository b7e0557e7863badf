package dev.outpost.api.security;

import static dev.outpost.api.support.Api.as;
import static dev.outpost.api.support.Api.withBearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.api.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Tunnel tokens, API token secrets and webhook signing secrets appear in their one answer, never in
 * the logs.
 */
@QuarkusTest
class SecretsStayOutOfLogsTest {

  @Test
  void noSecretIsEverLogged() {
    var records = new CopyOnWriteArrayList<String>();
    var capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            var message = record.getMessage();
            if (record.getParameters() != null) {
              message += " " + List.of(record.getParameters());
            }
            if (record.getThrown() != null) {
              message += " " + record.getThrown();
            }
            records.add(message);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    capture.setLevel(Level.ALL);
    var root = Logger.getLogger("");
    root.addHandler(capture);
    try {
      var tunnel = Api.createTunnel("alice", "remote");
      String rotated =
          as("alice")
              .post("/v1/tunnels/" + tunnel.get("id") + "/secret")
              .then()
              .statusCode(200)
              .extract()
              .path("token");
      as("alice").get("/v1/tunnels/" + tunnel.get("id") + "/token").then().statusCode(200);
      String apiSecret =
          as("alice")
              .body(Map.of("name", "log-check", "scopes", List.of("tunnels:read")))
              .post("/v1/api-tokens")
              .then()
              .statusCode(201)
              .extract()
              .path("secret");
      withBearer(apiSecret).get("/v1/tunnels").then().statusCode(200);
      withBearer(apiSecret + "x").get("/v1/tunnels").then().statusCode(401);
      var webhook =
          as("alice")
              .body(
                  Map.of(
                      "url",
                      "https://hooks.acme.example/log-check",
                      "eventTypes",
                      List.of("tunnel.deleted")))
              .post("/v1/webhooks")
              .then()
              .statusCode(201)
              .extract();
      String webhookSecret = webhook.path("secret");
      String webhookId = webhook.path("webhook.id");
      String rotatedWebhookSecret =
          as("alice")
              .post("/v1/webhooks/" + webhookId + "/secret")
              .then()
              .statusCode(200)
              .extract()
              .path("secret");
      as("alice").delete("/v1/webhooks/" + webhookId).then().statusCode(204);

      // The capture works: a record logged now is seen.
      Logger.getLogger("dev.outpost.api").info("capture-check");
      assertThat(records).contains("capture-check");
      assertThat(records)
          .noneMatch(
              m ->
                  m.contains(tunnel.get("token"))
                      || m.contains(rotated)
                      || m.contains(apiSecret)
                      || m.contains(webhookSecret.substring(6))
                      || m.contains(rotatedWebhookSecret.substring(6)));
    } finally {
      root.removeHandler(capture);
    }
  }
}
