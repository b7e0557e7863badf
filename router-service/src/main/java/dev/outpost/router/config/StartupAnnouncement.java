package dev.outpost.router.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.jboss.logging.Logger;

/** Says at start who this router is and which ports it is configured for. */
class StartupAnnouncement {

  private static final Logger LOG = Logger.getLogger(StartupAnnouncement.class);

  void onStart(@Observes StartupEvent event, RouterConfig config) {
    LOG.infof(
        "router %s configured for public port %d and tunnel port %d",
        config.id().orElseGet(StartupAnnouncement::hostName),
        config.publicPort(),
        config.tunnelPort());
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "router";
    }
  }
}
