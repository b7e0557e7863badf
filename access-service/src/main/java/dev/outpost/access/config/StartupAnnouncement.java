package dev.outpost.access.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Says at start where this service expects its users and identity provider, to ease setup. */
class StartupAnnouncement {

  private static final Logger LOG = Logger.getLogger(StartupAnnouncement.class);

  void onStart(@Observes StartupEvent event, AccessConfig config) {
    LOG.infof(
        "access-service serves end users at %s; they log in at %s; sessions last %s by default",
        config.publicUrl(), config.identityProviderUrl(), config.defaultSessionDuration());
  }
}
