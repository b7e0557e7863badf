package dev.outpost.access.support;

import static io.restassured.RestAssured.given;

import dev.outpost.testing.Infrastructure;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Requests as the realm's example users, and shortcuts for what most tests need first. */
public final class Api {

  private Api() {}

  /** A request as {@code user} (alice, bob: tenant acme; carol, dave: globex; operator; erin). */
  public static RequestSpecification as(String user) {
    Tenants.provision();
    return given()
        .contentType(ContentType.JSON)
        .header("Authorization", "Bearer " + Infrastructure.accessToken(user));
  }

  public static RequestSpecification anonymous() {
    return given().contentType(ContentType.JSON);
  }

  /** A fresh host name in {@code zone}. */
  public static String hostIn(String zone) {
    return "app-" + UUID.randomUUID().toString().substring(0, 8) + "." + zone;
  }

  /** Creates an application as {@code user} and returns its JSON as a map. */
  public static Map<String, Object> createApplication(String user, String zone) {
    return as(user)
        .body(Map.of("name", "app", "hostname", hostIn(zone)))
        .post("/v1/applications")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath()
        .getMap("");
  }

  /** Adds an allow-everyone policy and returns its id. */
  public static String addPolicy(String user, Object applicationId, String name) {
    var body = new HashMap<String, Object>();
    body.put("name", name);
    body.put("action", "allow");
    body.put("include", List.of(Map.of("type", "everyone")));
    return as(user)
        .body(body)
        .post("/v1/applications/" + applicationId + "/policies")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }
}
