package dev.outpost.api.tenant;

import static dev.outpost.api.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TenantApiTest {

  private static String slug() {
    return "t" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void operatorCreatesATenantWithZonesAndAssignsAnother() {
    var slug = slug();
    as("operator")
        .body(Map.of("slug", slug, "displayName", "Initech", "zones", List.of(slug + ".example")))
        .post("/v1/tenants")
        .then()
        .statusCode(201)
        .header("Location", containsString("/v1/tenants/" + slug))
        .body("slug", equalTo(slug))
        .body("zones", contains(slug + ".example"));

    as("operator")
        .put("/v1/tenants/" + slug + "/zones/" + slug.toUpperCase() + ".Example.ORG")
        .then()
        .statusCode(200)
        .body("zones", hasItems(slug + ".example", slug + ".example.org"));

    as("operator").get("/v1/tenants").then().statusCode(200).body("slug", hasItem(slug));
  }

  @Test
  void membersSeeTheirOwnTenantAndNoOther() {
    as("alice")
        .get("/v1/tenant")
        .then()
        .statusCode(200)
        .body("slug", equalTo("acme"))
        .body("zones", hasItem("acme.example"));
    as("alice").get("/v1/tenants/acme").then().statusCode(200);
    as("alice")
        .get("/v1/tenants/globex")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("title", equalTo("No such resource"));
  }

  @Test
  void onlyOperatorsManageTenants() {
    as("alice")
        .body(Map.of("slug", slug(), "displayName", "x"))
        .post("/v1/tenants")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("type", equalTo("https://outpost.dev/problems/forbidden"))
        .body("detail", equalTo("only a platform operator may do this"));
  }

  @Test
  void badFieldsAreEachNamed() {
    as("operator")
        .body(
            Map.of(
                "slug",
                "Not A Slug",
                "displayName",
                "",
                "zones",
                List.of("ok.example", "bad_zone")))
        .post("/v1/tenants")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("status", equalTo(400))
        .body("errors.field", contains("slug", "displayName", "zones[1]"));
  }

  @Test
  void aZoneBelongsToOneTenantAndASlugIsUnique() {
    as("operator")
        .put("/v1/tenants/globex/zones/acme.example")
        .then()
        .statusCode(409)
        .body("detail", containsString("belongs to another tenant"));
    as("operator")
        .body(Map.of("slug", "acme", "displayName", "Acme again"))
        .post("/v1/tenants")
        .then()
        .statusCode(409);
  }

  @Test
  void zonesOfTwoTenantsMayNotNest() {
    // Otherwise both tenants could route the same hostnames.
    as("operator")
        .put("/v1/tenants/globex/zones/eu.acme.example")
        .then()
        .statusCode(409)
        .body("detail", containsString("overlaps a zone of another tenant"));
    as("operator").put("/v1/tenants/globex/zones/example").then().statusCode(400);
    var slug = slug();
    as("operator")
        .body(Map.of("slug", slug, "displayName", "Umbrella", "zones", List.of("example.com")))
        .post("/v1/tenants")
        .then()
        .statusCode(201);
    as("operator").put("/v1/tenants/acme/zones/shop.example.com").then().statusCode(409);
  }

  @Test
  void anonymousCallsGet401WithAProblemBody() {
    given()
        .get("/v1/tenant")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", containsString("Bearer"));
    given()
        .header("Authorization", "Bearer not-a-jwt")
        .get("/v1/tenant")
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
  }

  @Test
  void malformedJsonIsAProblemNotACrash() {
    as("operator")
        .body("{\"slug\": ")
        .post("/v1/tenants")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("title", equalTo("The request body cannot be read"));
  }
}
