package dev.outpost.access.application;

import static dev.outpost.access.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.access.support.Api;
import dev.outpost.access.support.Tenants;
import dev.outpost.events.Topic;
import dev.outpost.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Applications reach {@code outpost.access-applications} on the real broker through the outbox: the
 * whole application with its policies embedded, a higher revision on every change, a tombstone on
 * delete.
 */
@QuarkusTest
class ApplicationPublicationTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyChangePublishesTheWholeApplicationAndDeleteATombstone() throws Exception {
    try (var reader = new TopicReader(Topic.ACCESS_APPLICATIONS)) {
      var host = Api.hostIn("acme.example");
      var app =
          as("alice")
              .body(
                  Map.of(
                      "name",
                      "wiki",
                      "hostname",
                      host,
                      "pathPrefix",
                      "/wiki",
                      "sessionDuration",
                      7200,
                      "identityProviders",
                      List.of("github")))
              .post("/v1/applications")
              .then()
              .statusCode(201)
              .extract()
              .jsonPath();
      var id = app.getString("id");
      var base = "/v1/applications/" + id + "/policies";
      var staff = new HashMap<String, Object>();
      staff.put("name", "staff");
      staff.put("action", "allow");
      staff.put("include", List.of(Map.of("type", "email_domain", "value", "acme.example")));
      staff.put("require", List.of(Map.of("type", "ip", "value", "192.0.2.0/24")));
      staff.put("exclude", List.of(Map.of("type", "email", "value", "eve@acme.example")));
      String staffId =
          as("alice").body(staff).post(base).then().statusCode(201).extract().path("id");
      var deny = new HashMap<String, Object>();
      deny.put("name", "block");
      deny.put("action", "deny");
      deny.put("precedence", 1);
      deny.put("include", List.of(Map.of("type", "everyone")));
      String denyId = as("alice").body(deny).post(base).then().statusCode(201).extract().path("id");
      as("alice")
          .body(Map.of("name", "wiki 2"))
          .patch("/v1/applications/" + id)
          .then()
          .statusCode(200);
      as("alice").delete("/v1/applications/" + id).then().statusCode(204);

      var records = reader.awaitKey(id, 5);
      assertThat(records.stream().map(r -> r.value() == null).toList())
          .containsExactly(false, false, false, false, true);
      var revisions = new ArrayList<Long>();
      for (var record : records.subList(0, 4)) {
        revisions.add(JSON.readTree(record.value()).get("revision").asLong());
      }
      assertThat(revisions).containsExactly(1L, 2L, 3L, 4L);

      var first = JSON.readTree(records.get(0).value());
      assertThat(names(first))
          .containsExactlyInAnyOrder(
              "id",
              "tenantId",
              "name",
              "hostname",
              "pathPrefix",
              "sessionSeconds",
              "identityProviders",
              "audience",
              "revision",
              "policies");
      assertThat(first.get("id").asText()).isEqualTo(id);
      assertThat(first.get("tenantId").asText()).isEqualTo(Tenants.ACME.toString());
      assertThat(first.get("hostname").asText()).isEqualTo(host);
      assertThat(first.get("pathPrefix").asText()).isEqualTo("/wiki");
      assertThat(first.get("sessionSeconds").asLong()).isEqualTo(7200);
      assertThat(first.get("identityProviders").get(0).asText()).isEqualTo("github");
      assertThat(first.get("audience").asText()).isEqualTo(app.getString("audience"));
      assertThat(first.get("policies").size()).isZero();

      var fourth = JSON.readTree(records.get(3).value());
      assertThat(fourth.get("name").asText()).isEqualTo("wiki 2");
      var policies = fourth.get("policies");
      assertThat(policies.size()).isEqualTo(2);
      var block = policies.get(0);
      assertThat(names(block))
          .containsExactlyInAnyOrder(
              "id", "name", "action", "precedence", "include", "require", "exclude");
      assertThat(block.get("id").asText()).isEqualTo(denyId);
      assertThat(block.get("action").asText()).isEqualTo("deny");
      assertThat(block.get("precedence").asInt()).isEqualTo(1);
      assertThat(block.get("include").get(0).get("type").asText()).isEqualTo("everyone");
      assertThat(block.get("include").get(0).has("value")).isFalse();
      var allow = policies.get(1);
      assertThat(allow.get("id").asText()).isEqualTo(staffId);
      assertThat(allow.get("precedence").asInt()).isEqualTo(2);
      assertThat(allow.get("include").get(0).get("type").asText()).isEqualTo("email_domain");
      assertThat(allow.get("include").get(0).get("value").asText()).isEqualTo("acme.example");
      assertThat(allow.get("require").get(0).get("value").asText()).isEqualTo("192.0.2.0/24");
      assertThat(allow.get("exclude").get(0).get("value").asText()).isEqualTo("eve@acme.example");

      assertThat(TopicReader.header(records.get(0), "ce_type"))
          .isEqualTo("dev.outpost.access.application.v1");
      assertThat(TopicReader.header(records.get(0), "ce_source"))
          .isEqualTo("/outpost/access-service");
    }
  }

  private static List<String> names(JsonNode node) {
    var names = new ArrayList<String>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
