package dev.outpost.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Calls a service's JSON API with a bearer token, as a tenant's script would. */
final class JsonApi {

  static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** A status and its body: JSON, or a null node when empty. */
  record Answer(int status, JsonNode body) {}

  private JsonApi() {}

  static Answer call(String url, String token, String method, Object body)
      throws IOException, InterruptedException {
    var request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(
        response.statusCode(),
        response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body()));
  }
}
