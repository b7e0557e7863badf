package dev.outpost.api.tenant;

import static dev.outpost.api.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.events.Topic;
import dev.outpost.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Tenants reach {@code outpost.tenants} on the real broker, through the outbox: created, a zone
 * assigned, a zone removed; each record is the whole tenant with a higher revision.
 */
@QuarkusTest
class TenantPublicationTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyChangeOfATenantOrItsZonesPublishesTheWholeTenant() throws Exception {
    var slug = "p" + UUID.randomUUID().toString().substring(0, 8);
    try (var reader = new TopicReader(Topic.TENANTS)) {
      String id =
          as("operator")
              .body(Map.of("slug", slug, "displayName", "Pub", "zones", List.of(slug + ".example")))
              .post("/v1/tenants")
              .then()
              .statusCode(201)
              .extract()
              .path("id");
      as("operator").put("/v1/tenants/" + slug + "/zones/" + slug + ".org").then().statusCode(200);
      as("operator")
          .delete("/v1/tenants/" + slug + "/zones/" + slug + ".example")
          .then()
          .statusCode(204);

      var records = reader.awaitKey(id, 3);
      var created = JSON.readTree(records.get(0).value());
      assertThat(fieldNames(created)).containsExactlyInAnyOrder("id", "slug", "zones", "revision");
      assertThat(created.get("id").asText()).isEqualTo(id);
      assertThat(created.get("slug").asText()).isEqualTo(slug);
      assertThat(texts(created.get("zones"))).containsExactly(slug + ".example");
      assertThat(created.get("revision").asLong()).isEqualTo(1);

      var assigned = JSON.readTree(records.get(1).value());
      assertThat(texts(assigned.get("zones"))).containsExactly(slug + ".example", slug + ".org");
      assertThat(assigned.get("revision").asLong()).isEqualTo(2);

      var removed = JSON.readTree(records.get(2).value());
      assertThat(texts(removed.get("zones"))).containsExactly(slug + ".org");
      assertThat(removed.get("revision").asLong()).isEqualTo(3);

      assertThat(TopicReader.header(records.get(0), "ce_type")).isEqualTo("dev.outpost.tenant.v1");
    }
  }

  @Test
  void theExampleTenantsArePublishedToo() {
    try (var reader = new TopicReader(Topic.TENANTS)) {
      var acme =
          reader.await(
              r -> r.value() != null && r.value().contains("\"slug\":\"acme\""),
              1,
              Duration.ofSeconds(30));
      assertThat(acme.get(0).value()).contains("\"zones\":[\"acme.example\"]");
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    var names = new java.util.ArrayList<String>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> texts(JsonNode array) {
    var values = new java.util.ArrayList<String>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }
}
