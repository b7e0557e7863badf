package dev.outpost.access.application;

import static dev.outpost.access.support.Api.as;
import static dev.outpost.access.support.Api.hostIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import dev.outpost.access.support.Api;
import dev.outpost.access.support.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ApplicationApiTest {

  @Test
  void createGetListPatchDelete() {
    var host = hostIn("acme.example");
    var created =
        as("alice")
            .body(
                Map.of(
                    "name",
                    " Wiki ",
                    "hostname",
                    host.toUpperCase(),
                    "pathPrefix",
                    "/wiki",
                    "sessionDuration",
                    3600,
                    "identityProviders",
                    List.of("github", "google")))
            .post("/v1/applications")
            .then()
            .statusCode(201)
            .header("Location", containsString("/v1/applications/"))
            .body("name", equalTo("Wiki"))
            .body("hostname", equalTo(host))
            .body("pathPrefix", equalTo("/wiki"))
            .body("sessionDuration", equalTo(3600))
            .body("identityProviders", equalTo(List.of("github", "google")))
            .body("audience", matchesPattern("[0-9a-f]{64}"))
            .body("tenantId", equalTo(Tenants.ACME.toString()))
            .body("revision", equalTo(1))
            .extract()
            .jsonPath();
    var id = created.getString("id");
    var audience = created.getString("audience");

    as("alice").get("/v1/applications/" + id).then().statusCode(200).body("name", equalTo("Wiki"));
    as("bob").get("/v1/applications/" + id).then().statusCode(200);
    as("alice")
        .queryParam("hostname", host)
        .get("/v1/applications")
        .then()
        .statusCode(200)
        .body("items.id", equalTo(List.of(id)));

    var newHost = hostIn("acme.example");
    as("alice")
        .body(Map.of("hostname", newHost, "sessionDuration", 86400))
        .patch("/v1/applications/" + id)
        .then()
        .statusCode(200)
        .body("hostname", equalTo(newHost))
        .body("pathPrefix", equalTo("/wiki"))
        .body("name", equalTo("Wiki"))
        .body("sessionDuration", equalTo(86400))
        .body("audience", equalTo(audience))
        .body("revision", equalTo(2));

    as("alice").delete("/v1/applications/" + id).then().statusCode(204);
    as("alice")
        .get("/v1/applications/" + id)
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", equalTo("application " + id + " does not exist"));
  }

  @Test
  void defaultsArePathSlashOneDayAndAnyIdentityProvider() {
    as("alice")
        .body(Map.of("name", "d", "hostname", hostIn("acme.example")))
        .post("/v1/applications")
        .then()
        .statusCode(201)
        .body("pathPrefix", equalTo("/"))
        .body("sessionDuration", equalTo(86400))
        .body("identityProviders", empty());
  }

  @Test
  void everyBadFieldIsReportedWithItsMessage() {
    var body = new HashMap<String, Object>();
    body.put("name", " ");
    body.put("hostname", "bad_host.acme.example");
    body.put("pathPrefix", "wiki");
    body.put("sessionDuration", 60);
    body.put("identityProviders", List.of("github", "github"));
    var problem =
        as("alice")
            .body(body)
            .post("/v1/applications")
            .then()
            .statusCode(400)
            .contentType("application/problem+json")
            .body("type", equalTo("https://outpost.dev/problems/validation-failed"))
            .extract()
            .jsonPath();
    var errors = problem.<Map<String, String>>getList("errors");
    assertThat(errors)
        .extracting(e -> e.get("field"))
        .containsExactlyInAnyOrder(
            "name", "hostname", "pathPrefix", "sessionDuration", "identityProviders[1]");
    assertThat(errors)
        .contains(
            Map.of(
                "field",
                "pathPrefix",
                "message",
                "must start with '/', as in /admin; use / for the whole host"),
            Map.of(
                "field",
                "sessionDuration",
                "message",
                "must be between 300 (5 minutes) and 2592000 (30 days) seconds"),
            Map.of("field", "identityProviders[1]", "message", "'github' is listed twice"));
    assertThat(errors.stream().filter(e -> e.get("field").equals("hostname")).findFirst().get())
        .containsEntry(
            "message",
            "has an invalid label 'bad_host': letters, digits and inner dashes, 1 to 63 characters");

    as("alice")
        .body(Map.of("name", "x", "hostname", "x.acme.example", "sessionDuration", 2592001))
        .post("/v1/applications")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("sessionDuration"));
    as("alice")
        .body(Map.of("name", "x", "hostname", "x.acme.example", "pathPrefix", "/wiki/"))
        .post("/v1/applications")
        .then()
        .statusCode(400)
        .body(
            "errors[0].message",
            equalTo("must not end with '/': /wiki already matches itself and all below it"));
    as("alice")
        .body(Map.of("name", "x", "hostname", "*.acme.example"))
        .post("/v1/applications")
        .then()
        .statusCode(400)
        .body("errors[0].message", equalTo("must not be a wildcard"));
    as("alice")
        .contentType("application/json")
        .body("{\"name\": ")
        .post("/v1/applications")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
  }

  @Test
  void aHostnameOutsideTheTenantsZonesIsRefused() {
    as("alice")
        .body(Map.of("name", "x", "hostname", hostIn("globex.example")))
        .post("/v1/applications")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("hostname"))
        .body("errors[0].message", containsString("is in none of your zones (acme.example)"));
    as("alice")
        .body(Map.of("name", "x", "hostname", "acme.example.evil.test"))
        .post("/v1/applications")
        .then()
        .statusCode(400);
  }

  @Test
  void hostnameAndPathArePlatformWideUnique() {
    var app = Api.createApplication("alice", "acme.example");
    var host = (String) app.get("hostname");
    as("alice")
        .body(Map.of("name", "twin", "hostname", host))
        .post("/v1/applications")
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("detail", equalTo("an application already protects " + host + "/"));
    // Another path on the same host is another application.
    as("alice")
        .body(Map.of("name", "admin", "hostname", host, "pathPrefix", "/admin"))
        .post("/v1/applications")
        .then()
        .statusCode(201);
    // Moving a second application onto the first's place is refused too.
    var other = Api.createApplication("alice", "acme.example");
    as("alice")
        .body(Map.of("hostname", host, "pathPrefix", "/"))
        .patch("/v1/applications/" + other.get("id"))
        .then()
        .statusCode(409);
  }

  @Test
  void listsPageThroughTheTenantsApplicationsOnly() {
    for (int i = 0; i < 3; i++) {
      Api.createApplication("alice", "acme.example");
    }
    var globexApp = Api.createApplication("carol", "globex.example");
    var first = as("alice").queryParam("limit", 2).get("/v1/applications").then().statusCode(200);
    first.body("items.size()", equalTo(2));
    String cursor = first.extract().path("nextCursor");
    assertThat(cursor).isNotNull();
    as("alice")
        .queryParam("limit", 2)
        .queryParam("cursor", cursor)
        .get("/v1/applications")
        .then()
        .statusCode(200)
        .body("items.id", not(hasItem(globexApp.get("id"))));
    as("alice")
        .queryParam("limit", 500)
        .get("/v1/applications")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("limit"));
  }
}
