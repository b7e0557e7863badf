package dev.outpost.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Direct access to the shared test servers, for tests that talk to them without Quarkus. */
public final class Infrastructure {

  /** The password of every example user of the realm the project ships. */
  public static final String EXAMPLE_PASSWORD = "outpost";

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Pattern ACCESS_TOKEN =
      Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
  // Tokens live 5 minutes; a test class reuses one per user.
  private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

  private Infrastructure() {}

  public static String kafkaBootstrapServers() {
    return SharedInfrastructure.kafka().bootstrapServers();
  }

  public static String keycloakTokenEndpoint() {
    return SharedInfrastructure.keycloak().tokenEndpoint();
  }

  /**
   * A Keycloak access token for an example user of the shipped realm (alice, bob, carol, dave,
   * operator, erin), obtained with the password grant of the {@code outpost-cli} client.
   */
  public static String accessToken(String username) {
    return TOKENS.computeIfAbsent(username, Infrastructure::fetchToken);
  }

  private static String fetchToken(String username) {
    var form =
        "grant_type=password&client_id=outpost-cli&username="
            + URLEncoder.encode(username, StandardCharsets.UTF_8)
            + "&password="
            + EXAMPLE_PASSWORD;
    var request =
        HttpRequest.newBuilder(URI.create(keycloakTokenEndpoint()))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    try {
      var response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      var matcher = ACCESS_TOKEN.matcher(response.body());
      if (response.statusCode() != 200 || !matcher.find()) {
        throw new IllegalStateException(
            "Keycloak gave no token for "
                + username
                + ": "
                + response.statusCode()
                + " "
                + response.body());
      }
      return matcher.group(1);
    } catch (IOException e) {
      throw new IllegalStateException("Keycloak is unreachable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
