package dev.outpost.service.problem;

import java.net.URI;

/** The kinds of problem the API reports; each maps to one HTTP status and one fixed title. */
public enum ProblemType {
  VALIDATION(400, "validation-failed", "The request is not valid"),
  MALFORMED(400, "malformed-request", "The request body cannot be read"),
  UNAUTHENTICATED(401, "unauthenticated", "Authentication is required"),
  FORBIDDEN(403, "forbidden", "This caller may not do that"),
  NOT_FOUND(404, "not-found", "No such resource"),
  CONFLICT(409, "conflict", "The request conflicts with the current state"),
  UNSUPPORTED_MEDIA_TYPE(
      415, "unsupported-media-type", "The request's content type is not supported"),
  INTERNAL(500, "internal-error", "Something went wrong on our side");

  private static final String BASE = "https://outpost.dev/problems/";

  private final int status;
  private final URI type;
  private final String title;

  ProblemType(int status, String slug, String title) {
    this.status = status;
    this.type = URI.create(BASE + slug);
    this.title = title;
  }

  public int status() {
    return status;
  }

  public URI type() {
    return type;
  }

  public String title() {
    return title;
  }
}
