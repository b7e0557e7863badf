package dev.outpost.connector.api;

import com.fasterxml.jackson.databind.JsonNode;

/** Something the API refused or could not do, said in one readable message. */
public final class ApiException extends RuntimeException {

  public ApiException(String message) {
    super(message);
  }

  /**
   * The message of an RFC 9457 problem: its title and detail, then each field error ("name: must
   * not be blank"); a 401 also says how to authenticate.
   */
  static ApiException of(int status, JsonNode problem) {
    var message = new StringBuilder();
    var title = problem.path("title").asText("");
    var detail = problem.path("detail").asText("");
    message.append(title.isEmpty() ? "HTTP " + status : title);
    if (!detail.isEmpty() && !detail.equals(title)) {
      message.append(": ").append(detail);
    }
    for (var error : problem.path("errors")) {
      var field = error.path("field").asText(error.path("pointer").asText(""));
      message.append("\n  ").append(field.isEmpty() ? "" : field + ": ");
      message.append(error.path("message").asText(error.path("detail").asText("")));
    }
    if (status == 401) {
      message.append("\n  (pass --api-token, or set OUTPOST_API_TOKEN, to an Outpost API token)");
    }
    return new ApiException(message.toString());
  }
}
