package dev.outpost.router.support;

import dev.outpost.testing.KafkaResource;
import io.quarkus.test.common.QuarkusTestResource;

/**
 * The real Kafka, an edge certificate and a stand-in for the access-service for every test of this
 * module. Declared once here (test resources apply to the whole module), so Quarkus starts once for
 * all test classes.
 */
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(EdgeTlsResource.class)
@QuarkusTestResource(AccessServiceStandIn.class)
public final class InfrastructureResources {
  private InfrastructureResources() {}
}
