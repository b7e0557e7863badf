package dev.outpost.infra.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.infra.process.JavaRuntime;
import dev.outpost.infra.process.ManagedProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipInputStream;

/**
 * Keycloak from its official distribution (the zip on Maven Central), unpacked once into a home
 * folder and started in development mode with the realm the project ships ({@code
 * infra/keycloak/outpost-realm.json}).
 *
 * <p>Two stores: {@link Store#FILE} keeps users and sessions in the home folder across restarts
 * (the launcher); {@link Store#MEMORY} imports the realm afresh at every start (the tests). They
 * are build-time options of Keycloak, so each wants its own home folder or the first start after a
 * switch repeats Keycloak's build step (~30 s).
 */
public final class KeycloakServer implements AutoCloseable {

  /** The realm the project ships. */
  public static final String REALM = "outpost";

  /** The local admin console's account (master realm), made at the first start. */
  static final String ADMIN_USER = "admin";

  static final String ADMIN_PASSWORD = "admin";

  /** Where Keycloak keeps its data. */
  public enum Store {
    FILE("dev-file"),
    MEMORY("dev-mem");

    private final String option;

    Store(String option) {
      this.option = option;
    }
  }

  private final ManagedProcess process;
  private final int httpPort;

  private KeycloakServer(ManagedProcess process, int httpPort) {
    this.process = process;
    this.httpPort = httpPort;
  }

  /**
   * Unpacks the distribution into {@code home} if needed, installs the realm and starts Keycloak,
   * returning once the realm answers.
   */
  public static KeycloakServer start(
      Path home, Store store, int httpPort, int managementPort, Path logFile, Duration timeout)
      throws IOException {
    unpackIfNeeded(distributionZip(), home);
    installRealm(home);
    var script = home.resolve("bin").resolve(isWindows() ? "kc.bat" : "kc.sh");
    var command =
        List.of(
            script.toString(),
            "start-dev",
            "--db=" + store.option,
            "--http-host=127.0.0.1",
            "--http-port=" + httpPort,
            // Without this Keycloak binds its management interface to 0.0.0.0:9000.
            "--http-management-port=" + managementPort,
            "--import-realm");
    var environment =
        Map.of(
            "JAVA_HOME",
            JavaRuntime.home().toString(),
            // Keycloak sizes its heap from the machine's memory by default (70% of it).
            "JAVA_OPTS_KC_HEAP",
            "-Xms64m -Xmx512m -XX:MaxMetaspaceSize=256m",
            "KC_BOOTSTRAP_ADMIN_USERNAME",
            ADMIN_USER,
            "KC_BOOTSTRAP_ADMIN_PASSWORD",
            ADMIN_PASSWORD);
    var process = ManagedProcess.start("Keycloak", command, home, environment, logFile);
    var server = new KeycloakServer(process, httpPort);
    try {
      server.awaitRealm(timeout);
    } catch (RuntimeException e) {
      process.stop(Duration.ofSeconds(10));
      throw e;
    }
    return server;
  }

  /** The Keycloak version the build put on this machine. */
  public static String distributionVersion() {
    return buildProperties().getProperty("keycloak.version");
  }

  /** The distribution zip: {@code -Doutpost.keycloak.zip=...}, else where Maven put it. */
  static Path distributionZip() {
    var override = System.getProperty("outpost.keycloak.zip");
    if (override != null && !override.isBlank()) {
      return Path.of(override);
    }
    var zip = Path.of(buildProperties().getProperty("keycloak.zip"));
    if (!Files.isRegularFile(zip)) {
      throw new IllegalStateException(
          "Keycloak's distribution is not at "
              + zip
              + "; build the project first (./mvnw -DskipTests install) or pass"
              + " -Doutpost.keycloak.zip=/path/to/keycloak-quarkus-dist.zip");
    }
    return zip;
  }

  private static Properties buildProperties() {
    var properties = new Properties();
    try (InputStream in = KeycloakServer.class.getResourceAsStream("/outpost-infra.properties")) {
      if (in == null) {
        throw new IllegalStateException("outpost-infra.properties is missing from the classpath");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }

  /**
   * Unpacks the zip's single top-level folder as {@code home}. A marker file written last means a
   * half-unpacked home (an interrupted first start) is unpacked again.
   */
  static void unpackIfNeeded(Path zip, Path home) throws IOException {
    var marker = home.resolve(".unpacked-from");
    if (Files.exists(marker) && Files.readString(marker).equals(zip.getFileName().toString())) {
      return;
    }
    Files.createDirectories(home);
    try (var in = new ZipInputStream(Files.newInputStream(zip))) {
      for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        var name = entry.getName();
        int slash = name.indexOf('/');
        if (slash < 0 || slash == name.length() - 1) {
          continue;
        }
        var target = home.resolve(name.substring(slash + 1)).normalize();
        if (!target.startsWith(home)) {
          throw new IOException("zip entry escapes the target folder: " + name);
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
          if (name.endsWith(".sh")) {
            target.toFile().setExecutable(true);
          }
        }
      }
    }
    Files.writeString(marker, zip.getFileName().toString());
  }

  private static void installRealm(Path home) throws IOException {
    var importDir = home.resolve("data").resolve("import");
    Files.createDirectories(importDir);
    try (InputStream realm =
        KeycloakServer.class.getResourceAsStream("/keycloak/outpost-realm.json")) {
      if (realm == null) {
        throw new IllegalStateException(
            "keycloak/outpost-realm.json is missing from the classpath");
      }
      Files.copy(
          realm, importDir.resolve("outpost-realm.json"), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** A kind of thing in the realm file: where its list is, and what names one. */
  private record RealmPart(String type, String pointer, String nameField) {}

  private static final List<RealmPart> REALM_PARTS =
      List.of(
          new RealmPart("realm roles", "/roles/realm", "name"),
          new RealmPart("groups", "/groups", "name"),
          new RealmPart("clients", "/clients", "clientId"),
          new RealmPart("users", "/users", "username"));

  /**
   * Adds to the running realm what the shipped realm brought since the last start: a client, a
   * role, a group or an example user that a newer version of the project ships. {@code
   * --import-realm} imports a realm only when it does not exist yet, so a kept {@link Store#FILE}
   * home would otherwise never see them. Keycloak's partial import with SKIP adds them and leaves
   * what exists alone, whatever the operator changed in it. {@code record} keeps the names the
   * shipped realm had at the last call, so what the operator deleted since does not come back; with
   * no record yet, everything the realm lacks is added.
   *
   * @return what was added, as "TYPE name" (empty when nothing was new)
   */
  public List<String> addWhatTheShippedRealmAdds(Path record)
      throws IOException, InterruptedException {
    var json = new ObjectMapper();
    JsonNode shipped;
    try (InputStream realm =
        KeycloakServer.class.getResourceAsStream("/keycloak/outpost-realm.json")) {
      shipped = json.readTree(realm);
    }
    JsonNode known = Files.exists(record) ? json.readTree(record.toFile()) : null;
    var body = json.createObjectNode().put("ifResourceExists", "SKIP");
    var names = json.createObjectNode();
    var newClients = new ArrayList<String>();
    boolean anythingNew = false;
    for (var part : REALM_PARTS) {
      var all = names.putArray(part.type());
      var fresh = json.createArrayNode();
      for (var entry : shipped.at(part.pointer())) {
        var name = entry.path(part.nameField()).asText();
        all.add(name);
        if (known == null || !contains(known.path(part.type()), name)) {
          fresh.add(entry);
          if (part.type().equals("clients")) {
            newClients.add(name);
          }
        }
      }
      if (!fresh.isEmpty()) {
        anythingNew = true;
        if (part.type().equals("realm roles")) {
          body.putObject("roles").set("realm", fresh);
        } else {
          body.set(part.type(), fresh);
        }
      }
    }
    // A new client's own roles come with it.
    var clientRoles = json.createObjectNode();
    for (var client : newClients) {
      var roles = shipped.at("/roles/client/" + client);
      if (!roles.isMissingNode()) {
        clientRoles.set(client, roles);
      }
    }
    if (!clientRoles.isEmpty()) {
      (body.has("roles") ? (ObjectNode) body.get("roles") : body.putObject("roles"))
          .set("client", clientRoles);
    }
    var added = anythingNew ? partialImport(json, body) : List.<String>of();
    Files.createDirectories(record.toAbsolutePath().getParent());
    json.writeValue(record.toFile(), names);
    return added;
  }

  private static boolean contains(JsonNode names, String name) {
    for (var known : names) {
      if (known.asText().equals(name)) {
        return true;
      }
    }
    return false;
  }

  private List<String> partialImport(ObjectMapper json, JsonNode body)
      throws IOException, InterruptedException {
    var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    var response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(baseUrl() + "/admin/realms/" + REALM + "/partialImport"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + adminToken(http, json))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(
          "Keycloak refused to add the shipped realm's new parts ("
              + response.statusCode()
              + "): "
              + response.body());
    }
    var added = new ArrayList<String>();
    for (var result : json.readTree(response.body()).path("results")) {
      if ("ADDED".equals(result.path("action").asText())) {
        added.add(
            result.path("resourceType").asText() + " " + result.path("resourceName").asText());
      }
    }
    return added;
  }

  /** A token of the bootstrap admin (the local platform's admin / admin), from the master realm. */
  private String adminToken(HttpClient http, ObjectMapper json)
      throws IOException, InterruptedException {
    var form =
        "grant_type=password&client_id=admin-cli&username="
            + URLEncoder.encode(ADMIN_USER, StandardCharsets.UTF_8)
            + "&password="
            + URLEncoder.encode(ADMIN_PASSWORD, StandardCharsets.UTF_8);
    var response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(baseUrl() + "/realms/master/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(
          "Keycloak's admin (" + ADMIN_USER + ") got no token: " + response.statusCode());
    }
    return json.readTree(response.body()).path("access_token").asText();
  }

  private void awaitRealm(Duration timeout) {
    var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    var discovery =
        HttpRequest.newBuilder(URI.create(issuer() + "/.well-known/openid-configuration"))
            .timeout(Duration.ofSeconds(5))
            .build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Keycloak exited with code "
                + process.exitCode()
                + "; see "
                + process.logFile()
                + "\n"
                + process.logTail(40));
      }
      try {
        if (http.send(discovery, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notListeningYet) {
        // keep waiting
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for Keycloak", e);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "Keycloak did not serve realm "
                + REALM
                + " within "
                + timeout.toSeconds()
                + " s; see "
                + process.logFile());
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for Keycloak", e);
      }
    }
  }

  private static boolean isWindows() {
    return System.getProperty("os.name").startsWith("Windows");
  }

  /** Keycloak's base URL. */
  public String baseUrl() {
    return "http://localhost:" + httpPort;
  }

  /** The realm's issuer, the services' {@code quarkus.oidc.auth-server-url}. */
  public String issuer() {
    return baseUrl() + "/realms/" + REALM;
  }

  /** The realm's token endpoint. */
  public String tokenEndpoint() {
    return issuer() + "/protocol/openid-connect/token";
  }

  public int httpPort() {
    return httpPort;
  }

  public ManagedProcess process() {
    return process;
  }

  @Override
  public void close() {
    process.stop(Duration.ofSeconds(30));
  }
}
