package dev.outpost.access.policy;

import static dev.outpost.access.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.outpost.access.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PolicyApiTest {

  private static Map<String, Object> policy(String name, String action, Object include) {
    var body = new HashMap<String, Object>();
    body.put("name", name);
    body.put("action", action);
    body.put("include", include);
    return body;
  }

  @Test
  void policiesAreCreatedReadReplacedAndDeleted() {
    var app = Api.createApplication("alice", "acme.example");
    var base = "/v1/applications/" + app.get("id") + "/policies";
    var body =
        policy("staff", "allow", List.of(Map.of("type", "email_domain", "value", "@Acme.Example")));
    body.put("require", List.of(Map.of("type", "ip", "value", "10.0.0.0/8")));
    body.put("exclude", List.of(Map.of("type", "email", "value", "Mallory@acme.example")));
    String id =
        as("alice")
            .body(body)
            .post(base)
            .then()
            .statusCode(201)
            .body("precedence", equalTo(1))
            .body("action", equalTo("allow"))
            .body("include[0].type", equalTo("email_domain"))
            .body("include[0].value", equalTo("acme.example"))
            .body("require[0].value", equalTo("10.0.0.0/8"))
            .body("exclude[0].value", equalTo("mallory@acme.example"))
            .extract()
            .path("id");

    as("bob").get(base + "/" + id).then().statusCode(200).body("name", equalTo("staff"));

    as("alice")
        .body(policy("machines", "service_auth", List.of(Map.of("type", "any_service_token"))))
        .put(base + "/" + id)
        .then()
        .statusCode(200)
        .body("name", equalTo("machines"))
        .body("action", equalTo("service_auth"))
        .body("require.size()", equalTo(0))
        .body("precedence", equalTo(1));

    as("alice").delete(base + "/" + id).then().statusCode(204);
    as("alice").get(base + "/" + id).then().statusCode(404);
    as("alice").get(base).then().statusCode(200).body("size()", equalTo(0));
  }

  @Test
  void precedenceInsertsMovesAndReorders() {
    var app = Api.createApplication("alice", "acme.example");
    var base = "/v1/applications/" + app.get("id") + "/policies";
    var a = Api.addPolicy("alice", app.get("id"), "a");
    var b = Api.addPolicy("alice", app.get("id"), "b");
    var first = policy("first", "deny", List.of(Map.of("type", "everyone")));
    first.put("precedence", 1);
    var c = as("alice").body(first).post(base).then().statusCode(201).extract().<String>path("id");
    assertOrder(base, c, a, b);

    var moved = policy("b", "allow", List.of(Map.of("type", "everyone")));
    moved.put("precedence", 1);
    as("alice").body(moved).put(base + "/" + b).then().statusCode(200);
    assertOrder(base, b, c, a);

    as("alice")
        .body(Map.of("policyIds", List.of(a, b, c)))
        .put(base + "/order")
        .then()
        .statusCode(200)
        .body("id", equalTo(List.of(a, b, c)))
        .body("precedence", equalTo(List.of(1, 2, 3)));
    assertOrder(base, a, b, c);

    as("alice").delete(base + "/" + a).then().statusCode(204);
    assertOrder(base, b, c);
    as("alice").get(base).then().body("precedence", equalTo(List.of(1, 2)));

    as("alice")
        .body(Map.of("policyIds", List.of(b, b)))
        .put(base + "/order")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("policyIds[1]"))
        .body("errors[0].message", equalTo("'" + b + "' is listed twice"));
    as("alice")
        .body(Map.of("policyIds", List.of(b)))
        .put(base + "/order")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("policyIds"));
    var tooFar = policy("late", "allow", List.of(Map.of("type", "everyone")));
    tooFar.put("precedence", 4);
    as("alice")
        .body(tooFar)
        .post(base)
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("precedence"))
        .body("errors[0].message", equalTo("must be between 1 and 3"));
  }

  private static void assertOrder(String base, String... ids) {
    as("alice").get(base).then().statusCode(200).body("id", equalTo(List.of(ids)));
  }

  @Test
  void everyBadRuleIsReportedWithItsPathAndMessage() {
    var app = Api.createApplication("alice", "acme.example");
    var base = "/v1/applications/" + app.get("id") + "/policies";
    var body =
        policy(
            "",
            "permit",
            List.of(
                Map.of("type", "everyone", "value", "x"),
                Map.of("type", "email", "value", "not-an-email"),
                Map.of("type", "ip", "value", "10.1.2.3/8"),
                Map.of("type", "ip", "value", "example.com"),
                Map.of("type", "country", "value", "FR"),
                Map.of("type", "group"),
                Map.of("type", "service_token", "value", "nope")));
    body.put("exclude", List.of(Map.of("type", "ip", "value", "2001:db8::/129")));
    var errors =
        as("alice")
            .body(body)
            .post(base)
            .then()
            .statusCode(400)
            .contentType("application/problem+json")
            .extract()
            .jsonPath()
            .<Map<String, String>>getList("errors");
    assertThat(errors)
        .containsExactlyInAnyOrder(
            // The access-policy module's messages: the router's own validation.
            Map.of("field", "name", "message", "missing; give it a name such as Staff"),
            Map.of(
                "field",
                "action",
                "message",
                "\"permit\" is not an action; use allow, deny, bypass or service_auth"),
            Map.of(
                "field",
                "include[0]",
                "message",
                "an everyone selector takes no value; remove \"x\""),
            Map.of(
                "field",
                "include[1]",
                "message",
                "\"not-an-email\" is not an email address: it has no '@'; write it as in"
                    + " alice@acme.example"),
            Map.of(
                "field",
                "include[2]",
                "message",
                "\"10.1.2.3/8\" is not an IP range: bits are set after the /8 prefix; did you mean"
                    + " 10.0.0.0/8?"),
            Map.of(
                "field",
                "include[3]",
                "message",
                "\"example.com\" is not an IP range: expected an IPv4 address (four numbers 0-255"
                    + " separated by dots, as in 10.0.0.0) or an IPv6 address"),
            Map.of(
                "field",
                "include[4]",
                "message",
                "unknown selector type \"country\"; the known ones are everyone, email,"
                    + " email_domain, group, ip, service_token, any_service_token"),
            Map.of(
                "field",
                "include[5]",
                "message",
                "a group selector needs a value, as in {\"type\":\"group\",\"value\":\"engineering\"}"),
            Map.of(
                "field",
                "include[6]",
                "message",
                "\"nope\" is not a service token id; expected a UUID such as"
                    + " 123e4567-e89b-12d3-a456-426614174000"),
            Map.of(
                "field",
                "exclude[0]",
                "message",
                "\"2001:db8::/129\" is not an IP range: the prefix length must be 0 to 128 for IPv6"));

    as("alice")
        .body(policy("tokens", "allow", List.of(Map.of("type", "any_service_token"))))
        .post(base)
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("include[0]"))
        .body(
            "errors[0].message",
            equalTo(
                "only service_auth policies look at service tokens, so an any_service_token"
                    + " selector can never match in an allow policy; make the policy service_auth"));
    as("alice")
        .body(policy("open", "bypass", List.of(Map.of("type", "group", "value", "staff"))))
        .post(base)
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("include[0]"));
    as("alice")
        .body(policy("empty", "allow", List.of()))
        .post(base)
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("include"));
  }

  @Test
  void aServiceTokenRuleMustNameATokenOfTheSameTenant() {
    var app = Api.createApplication("alice", "acme.example");
    var base = "/v1/applications/" + app.get("id") + "/policies";
    String own =
        as("alice")
            .body(Map.of("name", "ci"))
            .post("/v1/service-tokens")
            .then()
            .statusCode(201)
            .extract()
            .path("serviceToken.id");
    String globex =
        as("carol")
            .body(Map.of("name", "theirs"))
            .post("/v1/service-tokens")
            .then()
            .statusCode(201)
            .extract()
            .path("serviceToken.id");

    as("alice")
        .body(policy("ci", "service_auth", List.of(Map.of("type", "service_token", "value", own))))
        .post(base)
        .then()
        .statusCode(201)
        .body("include[0].value", equalTo(own));
    as("alice")
        .body(
            policy(
                "steal", "service_auth", List.of(Map.of("type", "service_token", "value", globex))))
        .post(base)
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("include[0]"))
        .body("errors[0].message", equalTo("no service token " + globex + " in your tenant"));
  }
}
