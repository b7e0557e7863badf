package dev.outpost.access.support;

import dev.outpost.testing.KafkaResource;
import dev.outpost.testing.KeycloakResource;
import dev.outpost.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * The real PostgreSQL, Kafka and Keycloak for every test of this module. Declared once here (test
 * resources apply to the whole module), so Quarkus starts once for all test classes.
 */
@QuarkusTestResource(
    value = PostgresResource.class,
    initArgs = @ResourceArg(name = "database", value = "outpost_access"))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(KeycloakResource.class)
public final class InfrastructureResources {
  private InfrastructureResources() {}
}
