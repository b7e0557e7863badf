package dev.outpost.router.edge;

import dev.outpost.router.config.RouterConfig;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Who this router is, in connector events and verdicts: the configured id or the host name. */
@Singleton
public class RouterIdentity {

  private final String id;

  RouterIdentity(RouterConfig config) {
    this.id = config.id().orElseGet(RouterIdentity::hostName);
  }

  public String id() {
    return id;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "router";
    }
  }
}
