package dev.outpost.portal.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.net.ConnectException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Error pages: what an API refused (its own words), what the portal refuses (a viewer's change), an
 * unknown page, an API that cannot be reached. Never a stack trace.
 */
public class ErrorPages {

  private static final Logger LOG = Logger.getLogger(ErrorPages.class);

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance error(int status, String title, String message);
  }

  @ServerExceptionMapper
  RestResponse<TemplateInstance> apiProblem(ApiProblem problem) {
    return switch (problem.status()) {
      case 401 -> page(401, "Signed out", "Your session has ended. Sign in again to continue.");
      case 403 -> page(403, "Not allowed", problem.detail());
      case 404 -> page(404, "Not found", problem.detail());
      default -> {
        if (problem.status() >= 500) {
          LOG.warnf("an API failed: %s", problem.getMessage());
          yield page(502, "Something went wrong", "The platform could not do this just now.");
        }
        yield page(problem.status(), problem.title(), problem.detail());
      }
    };
  }

  @ServerExceptionMapper
  RestResponse<TemplateInstance> forbidden(ForbiddenException e) {
    return page(
        403,
        "Not allowed",
        "Your role lets you look at everything here but not change it; ask an admin of your"
            + " tenant.");
  }

  @ServerExceptionMapper
  RestResponse<TemplateInstance> notFound(NotFoundException e) {
    return page(404, "Not found", "There is nothing at this address.");
  }

  @ServerExceptionMapper
  RestResponse<TemplateInstance> unreachable(ProcessingException e) {
    LOG.warnf("an API is unreachable: %s", e.getMessage());
    return unavailable();
  }

  /** Any other HTTP refusal (405, 415, ...): its status, in a page. */
  @ServerExceptionMapper
  RestResponse<TemplateInstance> refused(WebApplicationException e) {
    var status = e.getResponse().getStatus();
    if (status >= 500) {
      LOG.warnf("a request failed: %s", e.toString());
    }
    return page(status, status >= 500 ? "Something went wrong" : "Not possible", reason(status));
  }

  /** The unforeseen: logged with its stack here, a plain page there. */
  @ServerExceptionMapper
  RestResponse<TemplateInstance> unexpected(Exception e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException || cause instanceof ProcessingException) {
        LOG.warnf("an API is unreachable: %s", cause.toString());
        return unavailable();
      }
    }
    LOG.error("a page failed", e);
    return page(500, "Something went wrong", "The portal could not show this page.");
  }

  private static RestResponse<TemplateInstance> unavailable() {
    return page(
        503, "Unavailable", "The platform's API cannot be reached just now; try again shortly.");
  }

  private static String reason(int status) {
    var known = RestResponse.Status.fromStatusCode(status);
    return known == null ? "HTTP " + status : known.getReasonPhrase();
  }

  static RestResponse<TemplateInstance> page(int status, String title, String message) {
    return RestResponse.status(
        RestResponse.Status.fromStatusCode(status) == null
            ? RestResponse.Status.INTERNAL_SERVER_ERROR
            : RestResponse.Status.fromStatusCode(status),
        Templates.error(status, title, message));
  }
}
