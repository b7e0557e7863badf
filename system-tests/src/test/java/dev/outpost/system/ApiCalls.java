package dev.outpost.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.testing.Infrastructure;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * The platform's REST APIs as a user calls them with a fresh Keycloak token: how tests set up what
 * a page is then checked against, and how they check what a page did.
 */
final class ApiCalls {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String baseUrl;
  private final String user;

  ApiCalls(String baseUrl, String user) {
    this.baseUrl = baseUrl;
    this.user = user;
  }

  JsonNode get(String path) {
    return send("GET", path, null).body();
  }

  JsonNode post(String path, Object body) {
    return send("POST", path, body).body();
  }

  JsonNode put(String path, Object body) {
    return send("PUT", path, body).body();
  }

  int status(String method, String path, Object body) {
    return send(method, path, body).status();
  }

  JsonApi.Answer send(String method, String path, Object body) {
    try {
      return JsonApi.call(baseUrl + path, token(), method, body);
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A new token each call: Keycloak's last only five minutes, and a test class runs longer. */
  private String token() throws IOException, InterruptedException {
    var form =
        "grant_type=password&client_id=outpost-cli&username="
            + URLEncoder.encode(user, StandardCharsets.UTF_8)
            + "&password="
            + Infrastructure.EXAMPLE_PASSWORD;
    var response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(Infrastructure.keycloakTokenEndpoint()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("no token for " + user + ": " + response.body());
    }
    return JsonApi.JSON.readTree(response.body()).path("access_token").asText();
  }
}
