package dev.outpost.router.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * The access-service's token exchange for service tokens: {@code POST /token}, form {@code
 * grant_type=client_credentials, client_id, client_secret, application, client_ip}, answered with
 * {@code {"access_token":..., "expires_in":...}}, or 400/401/403 with OAuth's {@code error} and
 * {@code error_description}. Asynchronous (the JDK client's own threads), never on an event loop.
 */
public final class AccessServiceClient implements TokenExchange {

  private final HttpClient http;
  private final URI tokenEndpoint;
  private final Duration timeout;
  private final ObjectMapper json;
  private final Clock clock;

  /**
   * @param serviceUrl the access-service's base URL
   */
  public AccessServiceClient(URI serviceUrl, Duration timeout, ObjectMapper json, Clock clock) {
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.tokenEndpoint = URI.create(serviceUrl.toString().replaceAll("/+$", "") + "/token");
    this.timeout = timeout;
    this.json = json;
    this.clock = clock;
  }

  @Override
  public CompletionStage<Exchanged> exchange(
      UUID applicationId, String clientId, String clientSecret, String clientIp) {
    var form = new LinkedHashMap<String, String>();
    form.put("grant_type", "client_credentials");
    form.put("client_id", clientId);
    form.put("client_secret", clientSecret);
    form.put("application", applicationId.toString());
    if (clientIp != null) {
      form.put("client_ip", clientIp);
    }
    var body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    var request =
        HttpRequest.newBuilder(tokenEndpoint)
            .timeout(timeout)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(this::read);
  }

  private Exchanged read(HttpResponse<String> response) {
    int status = response.statusCode();
    JsonNode answer;
    try {
      answer = json.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "the access-service's token endpoint answered " + status + " without JSON", e);
    }
    if (status == 200 && answer.hasNonNull("access_token")) {
      long seconds = answer.path("expires_in").asLong(0);
      return new Issued(answer.get("access_token").asText(), clock.instant().plusSeconds(seconds));
    }
    if (status == 400 || status == 401 || status == 403) {
      var detail = answer.path("error_description").asText(answer.path("error").asText("refused"));
      return new Refused(detail);
    }
    throw new IllegalStateException("the access-service's token endpoint answered " + status);
  }
}
