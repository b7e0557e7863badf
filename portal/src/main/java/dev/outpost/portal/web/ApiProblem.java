package dev.outpost.portal.web;

import java.util.List;
import java.util.function.Function;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * An API's refusal, read from its RFC 9457 problem details: the status, the human {@code detail}
 * and, for a validation problem, which fields were wrong and why. Pages show it next to the fields
 * or as an error page; it never carries a stack trace.
 */
public final class ApiProblem extends RuntimeException {

  /**
   * One invalid field as the API names it (a JSON path such as {@code config.ingress[1].service}).
   */
  public record FieldError(String field, String message) {}

  private final int status;
  private final String title;
  private final String detail;
  private final List<FieldError> errors;

  public ApiProblem(int status, String title, String detail, List<FieldError> errors) {
    super(status + " " + title + (detail == null ? "" : ": " + detail), null, false, false);
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.errors = errors == null ? List.of() : List.copyOf(errors);
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  /** What went wrong this time, or the title when the API said no more. */
  public String detail() {
    return detail == null || detail.isBlank() ? title : detail;
  }

  public List<FieldError> errors() {
    return errors;
  }

  /** A problem a form can show next to its fields: bad input or a conflict with stored state. */
  public boolean isFormProblem() {
    return status == 400 || status == 409;
  }

  /**
   * How a form's submission recovers from the API's refusal: a problem the form can show is the
   * form again ({@code formAgain} puts the problem's field errors in it), with the API's status;
   * any other refusal stays a failure, for the error page. For {@code
   * .onFailure(ApiProblem.class).recoverWithItem(...)}.
   */
  public static <T> Function<ApiProblem, RestResponse<T>> showInForm(
      Function<ApiProblem, T> formAgain) {
    return problem -> {
      if (!problem.isFormProblem()) {
        throw problem;
      }
      return RestResponse.status(
          RestResponse.Status.fromStatusCode(problem.status()), formAgain.apply(problem));
    };
  }
}
