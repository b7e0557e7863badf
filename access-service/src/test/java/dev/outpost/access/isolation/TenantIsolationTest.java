package dev.outpost.access.isolation;

import static dev.outpost.access.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.outpost.access.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tenant isolation matrix: every endpoint on acme's application, policy and service token, as
 * acme's admin (alice), acme's viewer (bob), globex's admin and viewer (carol, dave), the platform
 * operator, a user of no tenant (erin) and no token at all.
 */
@QuarkusTest
class TenantIsolationTest {

  private String app;
  private String policy;
  private String token;
  private String appName;

  @BeforeEach
  void acmeHasAnApplicationAPolicyAndAServiceToken() {
    var created = Api.createApplication("alice", "acme.example");
    app = (String) created.get("id");
    appName = "secret-app-" + app.substring(0, 8);
    as("alice")
        .body(Map.of("name", appName))
        .patch("/v1/applications/" + app)
        .then()
        .statusCode(200);
    policy = Api.addPolicy("alice", app, "staff");
    token =
        as("alice")
            .body(Map.of("name", "acme-ci"))
            .post("/v1/service-tokens")
            .then()
            .statusCode(201)
            .extract()
            .path("serviceToken.id");
  }

  private record Attempt(
      String name, boolean write, Function<RequestSpecification, Response> call) {}

  private List<Attempt> attempts() {
    var policies = "/v1/applications/" + app + "/policies";
    var allow =
        Map.of("name", "p", "action", "allow", "include", List.of(Map.of("type", "everyone")));
    return List.of(
        new Attempt("get application", false, r -> r.get("/v1/applications/" + app)),
        new Attempt("list policies", false, r -> r.get(policies)),
        new Attempt("get policy", false, r -> r.get(policies + "/" + policy)),
        new Attempt("get service token", false, r -> r.get("/v1/service-tokens/" + token)),
        new Attempt(
            "patch application",
            true,
            r -> r.body(Map.of("name", "stolen")).patch("/v1/applications/" + app)),
        new Attempt(
            "reorder policies",
            true,
            r -> r.body(Map.of("policyIds", List.of(policy))).put(policies + "/order")),
        new Attempt("add policy", true, r -> r.body(allow).post(policies)),
        new Attempt("replace policy", true, r -> r.body(allow).put(policies + "/" + policy)),
        new Attempt("delete policy", true, r -> r.delete(policies + "/" + policy)),
        new Attempt(
            "rotate service token", true, r -> r.post("/v1/service-tokens/" + token + "/rotate")),
        new Attempt("revoke service token", true, r -> r.delete("/v1/service-tokens/" + token)),
        new Attempt("delete application", true, r -> r.delete("/v1/applications/" + app)));
  }

  @Test
  void anotherTenantsAdminAndViewerGetNotFoundAndSeeNothing() {
    probe("carol", List.of(404), List.of(404));
    probe("dave", List.of(404), List.of(403, 404));
    for (var user : List.of("carol", "dave")) {
      as(user)
          .queryParam("limit", 200)
          .get("/v1/applications")
          .then()
          .statusCode(200)
          .body("items.id", not(hasItem(app)));
      as(user)
          .queryParam("limit", 200)
          .get("/v1/service-tokens")
          .then()
          .statusCode(200)
          .body("items.id", not(hasItem(token)));
    }
    acmeIsUnchanged();
  }

  @Test
  void theViewerReadsAndCannotWrite() {
    probe("bob", List.of(200), List.of(403));
    acmeIsUnchanged();
  }

  @Test
  void theOperatorReadsEveryTenantButWritesNone() {
    probe("operator", List.of(200), List.of(403));
    as("operator")
        .queryParam("limit", 200)
        .get("/v1/applications")
        .then()
        .statusCode(200)
        .body("items.id", hasItem(app));
    acmeIsUnchanged();
  }

  @Test
  void aUserOfNoTenantAndAnAnonymousCallerGetNothing() {
    probe("erin", List.of(403), List.of(403));
    for (var attempt : attempts()) {
      var response = attempt.call().apply(Api.anonymous());
      assertThat(response.statusCode()).as(attempt.name()).isEqualTo(401);
      assertThat(response.contentType()).as(attempt.name()).startsWith("application/problem+json");
    }
    Api.anonymous().get("/v1/applications").then().statusCode(401);
    Api.anonymous().get("/v1/access-log").then().statusCode(401);
    acmeIsUnchanged();
  }

  @Test
  void theAdminDoesItAll() {
    for (var attempt : attempts()) {
      var response = attempt.call().apply(as("alice"));
      assertThat(response.statusCode()).as(attempt.name()).isBetween(200, 204);
    }
  }

  private void probe(String user, List<Integer> readStatuses, List<Integer> writeStatuses) {
    for (var attempt : attempts()) {
      var response = attempt.call().apply(as(user));
      var expected = attempt.write() ? writeStatuses : readStatuses;
      assertThat(response.statusCode()).as(user + ": " + attempt.name()).isIn(expected);
      if (response.statusCode() >= 400) {
        assertThat(response.contentType())
            .as(user + ": " + attempt.name())
            .startsWith("application/problem+json");
        assertThat(response.asString()).as(user + ": " + attempt.name()).doesNotContain(appName);
      }
    }
  }

  private void acmeIsUnchanged() {
    as("alice")
        .get("/v1/applications/" + app)
        .then()
        .statusCode(200)
        .body("name", equalTo(appName))
        .body("revision", equalTo(3));
    as("alice")
        .get("/v1/applications/" + app + "/policies")
        .then()
        .body("id", equalTo(List.of(policy)))
        .body("name", equalTo(List.of("staff")));
    as("alice")
        .get("/v1/service-tokens/" + token)
        .then()
        .body("state", equalTo("active"))
        .body("lastRotatedAt", org.hamcrest.Matchers.nullValue());
  }
}
