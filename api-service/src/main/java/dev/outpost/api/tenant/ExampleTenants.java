package dev.outpost.api.tenant;

import dev.outpost.api.config.ApiConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Creates the example tenants of a local trial ({@code outpost.api.example-tenants}, set by the
 * launcher) so the realm's example users can use the API at once. Off unless configured.
 */
class ExampleTenants {

  private static final Logger LOG = Logger.getLogger(ExampleTenants.class);

  void onStart(@Observes StartupEvent event, ApiConfig config, TenantService tenants)
      throws Throwable {
    for (var entry : config.exampleTenants().orElse(List.of())) {
      var parts = entry.split("=", 2);
      var slug = parts[0].trim();
      var zones = parts.length > 1 ? List.of(parts[1].trim().split("\\|")) : List.<String>of();
      VertxContextSupport.subscribeAndAwait(() -> tenants.ensureExample(slug, slug, zones));
      LOG.infof("example tenant %s with zones %s is in place", slug, zones);
    }
  }
}
