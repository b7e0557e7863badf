package dev.outpost.access.login;

import dev.outpost.access.config.AccessConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * The end users' side, in a browser: the edge sends a user without a session to {@code /login}; the
 * identity provider sends them back to {@code /callback}; the edge's {@code /.outpost/logout} sends
 * them to {@code /logout}. Answers are redirects or HTML pages, never JSON. See docs/access.md.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
@Tag(name = "login", description = "End users' login in front of applications (browser only)")
public class LoginResource {

  private static final Logger LOG = Logger.getLogger(LoginResource.class);
  private static final CacheControl NO_STORE = CacheControl.valueOf("no-store");

  private final LoginService logins;
  private final boolean secure;
  private final int cookieSeconds;

  LoginResource(LoginService logins, AccessConfig config) {
    this.logins = logins;
    this.secure = "https".equalsIgnoreCase(config.publicUrl().getScheme());
    this.cookieSeconds = (int) config.loginTimeout().toSeconds();
  }

  @GET
  @Path("login")
  @Operation(summary = "Start a login to an application; redirects to the identity provider")
  public Uni<Response> login(
      @QueryParam("application") String application,
      @QueryParam("redirect") String redirect,
      @QueryParam("prompt") String prompt) {
    return Uni.createFrom()
        .deferred(() -> logins.start(application, redirect, "login".equals(prompt)))
        .map(
            start ->
                Response.seeOther(start.location())
                    .cookie(cookie(start.cookieName(), start.cookieValue(), cookieSeconds))
                    .cacheControl(NO_STORE)
                    .build())
        .onFailure(LoginException.class)
        .recoverWithItem(failure -> failed(400, failure));
  }

  @GET
  @Path("callback")
  @Operation(summary = "Where the identity provider sends the user back")
  public Uni<Response> callback(
      @QueryParam("state") String state,
      @QueryParam("code") String code,
      @QueryParam("error") String error,
      @Context HttpHeaders headers,
      @Context HttpServerRequest request) {
    var cookieName = LoginState.COOKIE_PREFIX + (state == null ? "" : state);
    var cookie = headers.getCookies().get(cookieName);
    var clientIp = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    return Uni.createFrom()
        .deferred(
            () ->
                logins.finish(
                    state, code, error, cookie == null ? null : cookie.getValue(), clientIp))
        .map(
            finish ->
                switch (finish) {
                  case LoginService.Finish.Authorized authorized ->
                      Response.seeOther(authorized.location())
                          .cookie(cookie(cookieName, "", 0))
                          .cacheControl(NO_STORE)
                          .build();
                  case LoginService.Finish.Denied denied ->
                      Response.status(403)
                          .entity(LoginPages.denied(denied))
                          .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                          .cookie(cookie(cookieName, "", 0))
                          .cacheControl(NO_STORE)
                          .build();
                })
        .onFailure(LoginException.class)
        .recoverWithItem(failure -> failed(400, failure));
  }

  @GET
  @Path("logout")
  @Operation(summary = "End the identity provider's session; ends at the signed-out page")
  public Uni<Response> logout() {
    return logins
        .logout()
        .map(location -> Response.seeOther(location).cacheControl(NO_STORE).build())
        .onFailure(LoginException.class)
        .recoverWithItem(failure -> failed(502, failure));
  }

  @GET
  @Path("signed-out")
  @Operation(summary = "The page after a logout")
  public Response signedOut() {
    return Response.ok(LoginPages.signedOut())
        .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
        .cacheControl(NO_STORE)
        .build();
  }

  private NewCookie cookie(String name, String value, int maxAge) {
    return new NewCookie.Builder(name)
        .value(value)
        .path("/callback")
        .maxAge(maxAge)
        .httpOnly(true)
        .secure(secure)
        // The identity provider sends the browser back with a top-level GET: Lax sends it.
        .sameSite(NewCookie.SameSite.LAX)
        .build();
  }

  private static Response failed(int status, Throwable failure) {
    LOG.infof("sign-in refused: %s", failure.getMessage());
    return Response.status(status)
        .entity(LoginPages.failed(failure.getMessage()))
        .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
        .cacheControl(NO_STORE)
        .build();
  }
}
