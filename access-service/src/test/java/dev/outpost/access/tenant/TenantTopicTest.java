package dev.outpost.access.tenant;

import static dev.outpost.access.support.Api.as;
import static dev.outpost.access.support.Api.hostIn;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.outpost.access.support.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The zones the api-service publishes on {@code outpost.tenants} decide where a tenant may put an
 * application: a newer revision replaces them, an older one is ignored.
 */
@QuarkusTest
class TenantTopicTest {

  @Test
  void zonesFollowTheTopicByRevision() {
    as("alice");
    var host = hostIn("acme-zone.test");
    createAt(host).then().statusCode(400).body("errors[0].field", equalTo("hostname"));

    Tenants.publish(Tenants.ACME, "acme", List.of("acme-zone.test", "acme.example"), 10);
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> createAt(host).statusCode() == 201);

    // A stale record (a re-delivery, an old revision) changes nothing.
    Tenants.publish(Tenants.ACME, "acme", List.of("acme.example"), 9);
    Awaitility.await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(300))
        .until(() -> createAt(hostIn("acme-zone.test")).statusCode() == 201);
    // A newer one removes the zone: an application can no longer be put there.
    Tenants.publish(Tenants.ACME, "acme", List.of("acme.example"), 11);
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> createAt(hostIn("acme-zone.test")).statusCode() == 400);
    createAt(hostIn("acme-zone.test"))
        .then()
        .body("errors[0].message", containsString("is in none of your zones (acme.example)"));
  }

  @Test
  void unreadableRecordsAreSkippedAndTheTopicKeepsFlowing() {
    as("alice");
    Tenants.send("not-json", "{{{");
    Tenants.send("no-id", "{\"slug\":\"x\"}");
    var id = java.util.UUID.randomUUID();
    Tenants.publish(id, "initech", List.of("initech.example"), 1);
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> tenantKnown(id));
  }

  @Test
  void aTombstoneForgetsTheTenant() {
    as("alice");
    var id = java.util.UUID.randomUUID();
    Tenants.publish(id, "hooli", List.of("hooli.example"), 1);
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> tenantKnown(id));
    Tenants.send(id.toString(), null);
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !tenantKnown(id));
  }

  private static boolean tenantKnown(java.util.UUID id) {
    try {
      return io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(
              () ->
                  io.quarkus.hibernate.reactive.panache.Panache.withSession(
                      () ->
                          io.quarkus.arc.Arc.container()
                              .instance(TenantRepository.class)
                              .get()
                              .findById(id)))
          != null;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  private static io.restassured.response.Response createAt(String host) {
    return as("alice").body(Map.of("name", "z", "hostname", host)).post("/v1/applications");
  }
}
