package dev.outpost.portal.web;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;
import org.jboss.logging.Logger;

/**
 * Turns every answer of 400 and above from the api-service or the access-service into an {@link
 * ApiProblem}, reading their problem details body. Registered on each REST client.
 */
public class ApiProblems implements ResponseExceptionMapper<ApiProblem> {

  private static final Logger LOG = Logger.getLogger(ApiProblems.class);

  /** The parts of a problem details body the portal uses. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Body(String title, String detail, List<ApiProblem.FieldError> errors) {}

  @Override
  public ApiProblem toThrowable(Response response) {
    Body body = null;
    try {
      if (response.hasEntity()) {
        body = response.readEntity(Body.class);
      }
    } catch (RuntimeException e) {
      // Not problem details (a proxy's error page, say): the status alone must do.
      LOG.debugf("an API answered %d without problem details: %s", response.getStatus(), e);
    }
    var status = response.getStatus();
    var title =
        body != null && body.title() != null
            ? body.title()
            : Response.Status.fromStatusCode(status) == null
                ? "HTTP " + status
                : Response.Status.fromStatusCode(status).getReasonPhrase();
    return new ApiProblem(
        status, title, body == null ? null : body.detail(), body == null ? null : body.errors());
  }

  @Override
  public boolean handles(int status, MultivaluedMap<String, Object> headers) {
    return status >= 400;
  }
}
