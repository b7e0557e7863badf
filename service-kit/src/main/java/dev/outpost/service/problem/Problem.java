package dev.outpost.service.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.List;

/**
 * An RFC 9457 problem details body. {@code type} is stable per kind of problem, {@code title} fixed
 * for that type, {@code detail} says what happened this time, {@code errors} lists each bad field
 * of a validation problem.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
    URI type,
    String title,
    int status,
    String detail,
    String instance,
    String traceId,
    List<FieldError> errors) {

  public static final String MEDIA_TYPE = "application/problem+json";

  /** One invalid field: where (a JSON path such as {@code config.ingress[1].service}) and why. */
  public record FieldError(String field, String message) {}
}
