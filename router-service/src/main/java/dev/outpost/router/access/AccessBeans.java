package dev.outpost.router.access;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.router.config.RouterConfig;
import dev.outpost.router.routing.RoutingView;
import dev.outpost.router.routing.TunnelState;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/**
 * The access view and the gate as beans; produced so both stay plain Java, {@code @Singleton} so
 * event loops call them without a proxy.
 */
class AccessBeans {

  @Produces
  @Singleton
  AccessView accessView(RouterConfig config) {
    return new AccessView(issuer(config.access()));
  }

  @Produces
  @Singleton
  AccessGate accessGate(
      RouterConfig config,
      AccessView access,
      RoutingView routing,
      DecisionLog log,
      ObjectMapper json) {
    var settings = config.access();
    var clock = Clock.systemUTC();
    var exchange =
        new AccessServiceClient(
            settings.serviceUrl().orElse(settings.publicUrl()),
            settings.exchangeTimeout(),
            json,
            clock);
    return new AccessGate(
        access,
        tunnel -> routing.tunnel(tunnel).map(TunnelState::tenantId),
        new ServiceTokenSessions(Duration.ofSeconds(10), settings.exchangeTimeout(), 100_000),
        exchange,
        log,
        clock,
        new AccessGate.Settings(
            withoutTrailingSlash(settings.publicUrl().toString()),
            settings.allowLogInterval(),
            settings.denyLogInterval()));
  }

  static String issuer(RouterConfig.Access access) {
    return access.issuer().orElse(withoutTrailingSlash(access.publicUrl().toString()));
  }

  private static String withoutTrailingSlash(String url) {
    return url.replaceAll("/+$", "");
  }
}
