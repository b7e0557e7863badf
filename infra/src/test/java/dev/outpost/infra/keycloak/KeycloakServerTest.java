package dev.outpost.infra.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.infra.process.FreePorts;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped realm, imported into a real Keycloak: example users get tokens with our claims. */
class KeycloakServerTest {

  private static KeycloakServer keycloak;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    keycloak =
        KeycloakServer.start(
            KeycloakHomes.forTests(),
            KeycloakServer.Store.MEMORY,
            FreePorts.pick(),
            FreePorts.pick(),
            Path.of("target", "keycloak-test.log"),
            Duration.ofMinutes(3));
  }

  @AfterAll
  static void stop() {
    if (keycloak != null) {
      keycloak.close();
    }
  }

  @Test
  void tenantAdminGetsATokenNamingHerTenantAndRole() throws Exception {
    var response = passwordGrant("alice", "outpost");
    assertThat(response.statusCode()).isEqualTo(200);
    var claims = claimsOf(accessToken(response.body()));
    assertThat(claims)
        .contains("\"tenant\":\"acme\"")
        .contains("\"email\":\"alice@acme.example\"")
        .contains("tenant-admin")
        .contains("outpost-api")
        .contains("\"iss\":\"" + keycloak.issuer() + "\"");
  }

  @Test
  void usersOfTheOtherTenantAndTheOperatorAreThere() throws Exception {
    assertThat(claimsOf(accessToken(passwordGrant("carol", "outpost").body())))
        .contains("\"tenant\":\"globex\"");
    assertThat(claimsOf(accessToken(passwordGrant("operator", "outpost").body())))
        .contains("platform-admin")
        .doesNotContain("\"tenant\"");
  }

  @Test
  void aWrongPasswordGetsNoToken() throws Exception {
    var response = passwordGrant("alice", "not-her-password");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("invalid_grant").doesNotContain("access_token");
  }

  @Test
  void aKeptRealmGetsWhatANewerShippedRealmAddsAndKeepsTheOperatorsChanges(@TempDir Path dir)
      throws Exception {
    var admin = adminToken();
    var record = dir.resolve("outpost-realm-names.json");
    assertThat(keycloak.addWhatTheShippedRealmAdds(record))
        .as("the realm as imported lacks nothing")
        .isEmpty();
    // A realm kept from a version that shipped no portal, changed by its operator since: a note
    // on a client, and an example user deleted.
    var before = (ObjectNode) JSON.readTree(record.toFile());
    var clients = JSON.createArrayNode();
    before
        .path("clients")
        .forEach(
            c -> {
              if (!c.asText().equals("outpost-portal")) {
                clients.add(c);
              }
            });
    before.set("clients", clients);
    JSON.writeValue(record.toFile(), before);
    var portal = client(admin, "outpost-portal");
    assertThat(adminCall(admin, "DELETE", "/clients/" + portal.path("id").asText(), null))
        .isEqualTo(204);
    var api = (ObjectNode) client(admin, "outpost-api");
    api.put("description", "the operator's note");
    assertThat(adminCall(admin, "PUT", "/clients/" + api.path("id").asText(), api.toString()))
        .isEqualTo(204);
    assertThat(adminCall(admin, "DELETE", "/users/" + userId(admin, "erin"), null)).isEqualTo(204);

    assertThat(keycloak.addWhatTheShippedRealmAdds(record))
        .containsExactly("CLIENT outpost-portal");

    assertThat(client(admin, "outpost-portal").path("redirectUris").toString())
        .as("the portal's client as shipped")
        .contains("localhost:8083");
    assertThat(client(admin, "outpost-api").path("description").asText())
        .isEqualTo("the operator's note");
    assertThat(userId(admin, "erin")).as("a deleted user stays deleted").isNull();
    assertThat(passwordGrant("alice", "outpost").statusCode()).isEqualTo(200);
    assertThat(keycloak.addWhatTheShippedRealmAdds(record)).as("nothing new any more").isEmpty();
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private static String adminToken() throws Exception {
    var request =
        HttpRequest.newBuilder(
                URI.create(keycloak.baseUrl() + "/realms/master/protocol/openid-connect/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "grant_type=password&client_id=admin-cli&username=admin&password=admin"))
            .build();
    var response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return JSON.readTree(response.body()).path("access_token").asText();
  }

  private static JsonNode client(String admin, String clientId) throws Exception {
    var found = adminGet(admin, "/clients?clientId=" + clientId);
    assertThat(found).as("client %s", clientId).hasSize(1);
    return found.get(0);
  }

  /** The id of the user named {@code username}, or null when there is none. */
  private static String userId(String admin, String username) throws Exception {
    var found = adminGet(admin, "/users?exact=true&username=" + username);
    return found.isEmpty() ? null : found.get(0).path("id").asText();
  }

  private static JsonNode adminGet(String admin, String path) throws Exception {
    var request =
        HttpRequest.newBuilder(
                URI.create(keycloak.baseUrl() + "/admin/realms/" + KeycloakServer.REALM + path))
            .header("Authorization", "Bearer " + admin)
            .build();
    return JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
  }

  private static int adminCall(String admin, String method, String path, String body)
      throws Exception {
    var request =
        HttpRequest.newBuilder(
                URI.create(keycloak.baseUrl() + "/admin/realms/" + KeycloakServer.REALM + path))
            .header("Authorization", "Bearer " + admin)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static HttpResponse<String> passwordGrant(String user, String password) throws Exception {
    var form =
        Map.of(
            "grant_type",
            "password",
            "client_id",
            "outpost-cli",
            "username",
            user,
            "password",
            password);
    var body =
        form.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    var request =
        HttpRequest.newBuilder(URI.create(keycloak.tokenEndpoint()))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String accessToken(String tokenResponse) {
    var marker = "\"access_token\":\"";
    int start = tokenResponse.indexOf(marker) + marker.length();
    return tokenResponse.substring(start, tokenResponse.indexOf('"', start));
  }

  private static String claimsOf(String jwt) {
    var payload = jwt.split("\\.")[1];
    return new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8);
  }
}
