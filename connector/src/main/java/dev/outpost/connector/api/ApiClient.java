package dev.outpost.connector.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/**
 * The Outpost API as the command line uses it: JSON in and out, a bearer credential (an Outpost API
 * token or a Keycloak access token), and the API's problem details turned into one readable message
 * ({@link ApiException}).
 */
public final class ApiClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final String token;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  public ApiClient(URI base, String token) {
    var text = base.toString();
    this.base = URI.create(text.endsWith("/") ? text : text + "/");
    this.token = token;
  }

  public JsonNode get(String path) {
    return send("GET", path, null);
  }

  public JsonNode post(String path, Object body) {
    return send("POST", path, body);
  }

  public JsonNode delete(String path) {
    return send("DELETE", path, null);
  }

  /** A tunnel by name or id: an id as given, a name looked up among the tenant's tunnels. */
  public JsonNode tunnel(String nameOrId) {
    if (isUuid(nameOrId)) {
      return get("v1/tunnels/" + nameOrId);
    }
    var page =
        get("v1/tunnels?limit=100&name=" + URLEncoder.encode(nameOrId, StandardCharsets.UTF_8));
    for (var tunnel : page.path("items")) {
      if (nameOrId.equals(tunnel.path("name").asText())) {
        return get("v1/tunnels/" + tunnel.path("id").asText());
      }
    }
    throw new ApiException("no tunnel named '" + nameOrId + "'");
  }

  private JsonNode send(String method, String path, Object body) {
    HttpRequest.BodyPublisher publisher;
    try {
      publisher =
          body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    var request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json")
            .header("Content-Type", "application/json")
            .method(method, publisher)
            .build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (ConnectException e) {
      throw new ApiException("cannot reach the Outpost API at " + base + " (is it running?)");
    } catch (IOException e) {
      throw new ApiException("the Outpost API at " + base + " did not answer: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException("interrupted");
    }
    JsonNode answer;
    try {
      answer = response.body().length == 0 ? JSON.nullNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      throw new ApiException(
          "the Outpost API answered " + response.statusCode() + " with something that is not JSON");
    }
    if (response.statusCode() >= 400) {
      throw ApiException.of(response.statusCode(), answer);
    }
    return answer;
  }

  static boolean isUuid(String text) {
    try {
      return UUID.fromString(text).toString().equalsIgnoreCase(text);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
