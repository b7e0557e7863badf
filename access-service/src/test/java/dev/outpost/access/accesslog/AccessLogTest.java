package dev.outpost.access.accesslog;

import static dev.outpost.access.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.outpost.access.support.Tenants;
import dev.outpost.events.Topic;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Decisions produced onto {@code outpost.access-decisions} of the real broker (as the edge will)
 * become the tenants' access log, queried newest first with filters and pages.
 */
@QuarkusTest
class AccessLogTest {

  private static final OffsetDateTime T0 =
      OffsetDateTime.of(2026, 3, 1, 12, 0, 0, 0, ZoneOffset.UTC);

  private UUID app;
  private UUID otherApp;
  private List<String> acmeIds;
  private String globexId;

  @BeforeEach
  void theEdgeDecided() {
    as("alice");
    app = UUID.randomUUID();
    otherApp = UUID.randomUUID();
    acmeIds = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      var id = UUID.randomUUID().toString();
      acmeIds.add(id);
      var decision = i % 2 == 0 ? "allow" : "deny";
      var email = i < 3 ? "Ann@acme.example" : "bo@acme.example";
      var application = i == 4 ? otherApp : app;
      send(id, Tenants.ACME, application, decision, email, T0.plusMinutes(i));
    }
    globexId = UUID.randomUUID().toString();
    send(globexId, Tenants.GLOBEX, app, "allow", "ann@acme.example", T0.plusMinutes(10));
    // A re-delivery and garbage do no harm.
    send(acmeIds.get(0), Tenants.ACME, app, "allow", "ann@acme.example", T0);
    Tenants.send(Topic.ACCESS_DECISIONS, app.toString(), "not json");
    Tenants.send(Topic.ACCESS_DECISIONS, app.toString(), "{\"decision\":\"allow\"}");
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                as("alice")
                        .queryParam("applicationId", app.toString())
                        .get("/v1/access-log")
                        .then()
                        .extract()
                        .path("items.size()")
                        .equals(4)
                    && as("operator")
                        .queryParam("applicationId", app.toString())
                        .get("/v1/access-log")
                        .then()
                        .extract()
                        .path("items.size()")
                        .equals(5));
  }

  private static void send(
      String id, UUID tenant, UUID application, String decision, String email, OffsetDateTime at) {
    Tenants.send(
        Topic.ACCESS_DECISIONS,
        application.toString(),
        """
        {"id":"%s","tenantId":"%s","applicationId":"%s","policyId":null,"decision":"%s",\
        "email":"%s","serviceTokenId":null,"clientIp":"192.0.2.7","host":"wiki.acme.example",\
        "path":"/x","at":"%s"}"""
            .formatted(id, tenant, application, decision, email, at));
  }

  @Test
  void newestFirstFilteredByApplicationEmailDecisionAndTime() {
    as("alice")
        .queryParam("applicationId", app.toString())
        .get("/v1/access-log")
        .then()
        .statusCode(200)
        .body(
            "items.id",
            equalTo(List.of(acmeIds.get(3), acmeIds.get(2), acmeIds.get(1), acmeIds.get(0))))
        .body("items[0].email", equalTo("bo@acme.example"))
        .body("items[0].clientIp", equalTo("192.0.2.7"))
        .body("items[0].host", equalTo("wiki.acme.example"))
        .body("items[0].path", equalTo("/x"))
        .body("items[0].tenantId", equalTo(Tenants.ACME.toString()));
    as("bob")
        .queryParam("applicationId", app.toString())
        .queryParam("email", "ANN@acme.example")
        .queryParam("decision", "allow")
        .get("/v1/access-log")
        .then()
        .statusCode(200)
        .body("items.id", equalTo(List.of(acmeIds.get(2), acmeIds.get(0))));
    as("alice")
        .queryParam("applicationId", app.toString())
        .queryParam("since", T0.plusMinutes(1).toString())
        .queryParam("until", T0.plusMinutes(3).toString())
        .get("/v1/access-log")
        .then()
        .statusCode(200)
        .body("items.id", equalTo(List.of(acmeIds.get(2), acmeIds.get(1))));
    as("alice")
        .queryParam("applicationId", otherApp.toString())
        .get("/v1/access-log")
        .then()
        .body("items.id", equalTo(List.of(acmeIds.get(4))));
  }

  @Test
  void pagesFollowTheCursor() {
    var seen = new ArrayList<String>();
    String cursor = null;
    do {
      var request = as("alice").queryParam("applicationId", app.toString()).queryParam("limit", 3);
      if (cursor != null) {
        request.queryParam("cursor", cursor);
      }
      var page = request.get("/v1/access-log").then().statusCode(200).extract().jsonPath();
      seen.addAll(page.getList("items.id"));
      cursor = page.getString("nextCursor");
    } while (cursor != null);
    assertThat(seen)
        .containsExactly(acmeIds.get(3), acmeIds.get(2), acmeIds.get(1), acmeIds.get(0));
  }

  @Test
  void eachTenantSeesItsOwnAndTheOperatorAll() {
    as("carol")
        .queryParam("applicationId", app.toString())
        .get("/v1/access-log")
        .then()
        .statusCode(200)
        .body("items.id", equalTo(List.of(globexId)));
    as("operator")
        .queryParam("applicationId", app.toString())
        .get("/v1/access-log")
        .then()
        .statusCode(200)
        .body("items[0].id", equalTo(globexId));
    as("erin").get("/v1/access-log").then().statusCode(403);
  }

  @Test
  void badFiltersAreNamed() {
    as("alice")
        .queryParam("since", "yesterday")
        .get("/v1/access-log")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("since"));
    as("alice")
        .queryParam("applicationId", "x")
        .get("/v1/access-log")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("applicationId"));
    as("alice")
        .queryParam("cursor", "bm9wZQ")
        .get("/v1/access-log")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("cursor"));
  }
}
