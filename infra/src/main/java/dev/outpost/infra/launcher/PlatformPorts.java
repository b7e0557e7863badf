package dev.outpost.infra.launcher;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ports of a local platform. Defaults stay clear of the usual PostgreSQL, Kafka and Keycloak
 * ports so a developer's own servers do not collide; {@code --port-offset} moves them all.
 */
public record PlatformPorts(
    int postgres,
    int kafka,
    int kafkaController,
    int keycloak,
    int keycloakManagement,
    int api,
    int access,
    int router,
    int portal,
    int edgePublic,
    int edgePublicTls,
    int edgeTunnel) {

  public static PlatformPorts defaults() {
    return new PlatformPorts(
        15432, 19092, 19093, 18080, 19000, 8080, 8081, 8082, 8083, 8000, 8443, 7844);
  }

  public PlatformPorts offsetBy(int offset) {
    return new PlatformPorts(
        postgres + offset,
        kafka + offset,
        kafkaController + offset,
        keycloak + offset,
        keycloakManagement + offset,
        api + offset,
        access + offset,
        router + offset,
        portal + offset,
        edgePublic + offset,
        edgePublicTls + offset,
        edgeTunnel + offset);
  }

  /** Every port with what listens on it, to name the culprit when one is taken. */
  public Map<Integer, String> byPort() {
    var ports = new LinkedHashMap<Integer, String>();
    ports.put(postgres, "PostgreSQL");
    ports.put(kafka, "Kafka");
    ports.put(kafkaController, "Kafka controller");
    ports.put(keycloak, "Keycloak");
    ports.put(keycloakManagement, "Keycloak management");
    ports.put(api, "api-service");
    ports.put(access, "access-service");
    ports.put(router, "router-service");
    ports.put(portal, "portal");
    ports.put(edgePublic, "edge, public HTTP");
    ports.put(edgePublicTls, "edge, public HTTPS");
    ports.put(edgeTunnel, "edge, tunnels");
    return ports;
  }
}
