package dev.outpost.service.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.pgclient.PgException;
import jakarta.persistence.PersistenceException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where failures become RFC 9457 problem details. Bodies never carry class names,
 * stack traces, secrets or another tenant's identifiers; an unexpected failure is logged with a
 * trace id that the body repeats, so an operator can find it.
 */
public class ProblemMappers {

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  /** What a caller without credentials is told to send; each service names what it accepts. */
  @ConfigProperty(
      name = "outpost.problem.unauthenticated-detail",
      defaultValue = "send a bearer token: a Keycloak access token")
  String unauthenticatedDetail;

  @ServerExceptionMapper
  public Response problem(ProblemException e, HttpServerRequest request) {
    return respond(e.type(), e.getMessage(), e.errors(), request);
  }

  @ServerExceptionMapper
  public Response constraintViolation(ConstraintViolationException e, HttpServerRequest request) {
    var errors =
        e.getConstraintViolations().stream()
            .map(
                v ->
                    new Problem.FieldError(fieldOf(v.getPropertyPath().toString()), v.getMessage()))
            .sorted(Comparator.comparing(Problem.FieldError::field))
            .toList();
    return respond(
        ProblemType.VALIDATION, errors.size() + " field(s) are invalid", errors, request);
  }

  /** Bean validation paths read {@code create.request.name}; the caller knows the field only. */
  private static String fieldOf(String path) {
    var parts = path.split("\\.");
    return parts.length > 2 ? String.join(".", List.of(parts).subList(2, parts.length)) : path;
  }

  @ServerExceptionMapper
  public Response unreadable(JsonProcessingException e, HttpServerRequest request) {
    var location = e.getLocation();
    var where =
        location == null
            ? ""
            : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    return respond(
        ProblemType.MALFORMED,
        "the body is not valid JSON of the expected shape" + where,
        List.of(),
        request);
  }

  @ServerExceptionMapper
  public Response unauthenticated(AuthenticationFailedException e, HttpServerRequest request) {
    return respond(ProblemType.UNAUTHENTICATED, unauthenticatedDetail, List.of(), request);
  }

  @ServerExceptionMapper
  public Response unauthorized(UnauthorizedException e, HttpServerRequest request) {
    return unauthenticated(new AuthenticationFailedException(), request);
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e, HttpServerRequest request) {
    return respond(ProblemType.FORBIDDEN, "this caller may not do that", List.of(), request);
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e, HttpServerRequest request) {
    if (e instanceof NotFoundException) {
      return respond(
          ProblemType.NOT_FOUND, "there is nothing at " + request.path(), List.of(), request);
    }
    if (e instanceof NotSupportedException) {
      return respond(
          ProblemType.UNSUPPORTED_MEDIA_TYPE, "send application/json", List.of(), request);
    }
    if (e instanceof NotAllowedException) {
      return Response.status(405).build();
    }
    if (e.getCause() instanceof JsonProcessingException json) {
      return unreadable(json, request);
    }
    int status = e.getResponse().getStatus();
    if (status == 400) {
      return respond(ProblemType.MALFORMED, "the request cannot be read", List.of(), request);
    }
    return e.getResponse();
  }

  /**
   * A unique constraint caught a race the service's own check could not (two requests binding the
   * same hostname at once, say): that is a conflict, not a failure.
   */
  @ServerExceptionMapper
  public Response persistence(PersistenceException e, HttpServerRequest request) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof PgException pg && "23505".equals(pg.getSqlState())) {
        return respond(
            ProblemType.CONFLICT, "this conflicts with an existing resource", List.of(), request);
      }
    }
    return unexpected(e, request);
  }

  @ServerExceptionMapper
  public Response unexpected(Exception e, HttpServerRequest request) {
    var traceId = UUID.randomUUID().toString();
    LOG.errorf(
        e, "unexpected failure on %s %s (trace %s)", request.method(), request.path(), traceId);
    var problem =
        new Problem(
            ProblemType.INTERNAL.type(),
            ProblemType.INTERNAL.title(),
            500,
            "the request failed unexpectedly; quote trace id " + traceId + " when reporting it",
            request.path(),
            traceId,
            List.of());
    return Response.status(500).type(Problem.MEDIA_TYPE).entity(problem).build();
  }

  private static Response respond(
      ProblemType type, String detail, List<Problem.FieldError> errors, HttpServerRequest request) {
    var problem =
        new Problem(
            type.type(),
            type.title(),
            type.status(),
            detail,
            request.path(),
            traceIdOf(request),
            errors);
    var response = Response.status(type.status()).type(Problem.MEDIA_TYPE).entity(problem);
    if (type == ProblemType.UNAUTHENTICATED) {
      response.header("WWW-Authenticate", "Bearer realm=\"outpost\"");
    }
    return response.build();
  }

  private static String traceIdOf(HttpServerRequest request) {
    var id = request.getHeader("X-Request-Id");
    return id == null || id.isBlank() || id.length() > 128 ? null : id;
  }
}
