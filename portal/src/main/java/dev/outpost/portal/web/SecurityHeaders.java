package dev.outpost.portal.web;

import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Headers on every answer: the content security policy, no framing, no sniffing, no referrer to
 * other sites; pages are never cached (they show one tenant's data, sometimes a secret).
 */
@ApplicationScoped
public class SecurityHeaders {

  private final String policy;

  SecurityHeaders(@ConfigProperty(name = "quarkus.oidc.auth-server-url") String identityProvider) {
    this.policy = ContentSecurityPolicy.of(identityProvider);
  }

  void register(@Observes Filters filters) {
    filters.register(
        context -> {
          context.addHeadersEndHandler(
              nothing -> {
                var headers = context.response().headers();
                headers.set("Content-Security-Policy", policy);
                headers.set("X-Content-Type-Options", "nosniff");
                headers.set("X-Frame-Options", "DENY");
                headers.set("Referrer-Policy", "same-origin");
                var path = context.request().path();
                if (!path.startsWith("/static/") && !path.startsWith("/webjars/")) {
                  headers.set("Cache-Control", "no-store");
                }
              });
          context.next();
        },
        // Above authentication (200) and CORS (300): their redirects carry the headers too.
        1000);
  }
}
