package dev.outpost.router.routing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.events.HostnameRouteRecord;
import dev.outpost.events.TunnelConfigurationRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Follows the two compacted topics into the {@link RoutingView}. Every start reads them whole (a
 * consumer group of its own, from the earliest offset, nothing committed: see
 * application.properties), so the view is complete before readiness goes up.
 *
 * <p>A record that cannot be read is logged and skipped ({@link CompactedRecords}).
 */
@ApplicationScoped
public class RoutingViewListener {

  public static final String TUNNELS_CHANNEL = "tunnel-configurations";
  public static final String ROUTES_CHANNEL = "hostname-routes";
  private static final Logger LOG = Logger.getLogger(RoutingViewListener.class);

  private final RoutingView view;
  private final CatchUp catchUp;
  private final ObjectMapper json;
  private final Event<TunnelChanged> changes;

  RoutingViewListener(
      RoutingView view, CatchUp catchUp, ObjectMapper json, Event<TunnelChanged> changes) {
    this.view = view;
    this.catchUp = catchUp;
    this.json = json;
    this.changes = changes;
  }

  @Incoming(TUNNELS_CHANNEL)
  public CompletionStage<Void> onTunnelConfiguration(Message<String> message) {
    return consume(message, this::applyTunnel);
  }

  @Incoming(ROUTES_CHANNEL)
  public CompletionStage<Void> onHostnameRoute(Message<String> message) {
    return consume(message, this::applyRoute);
  }

  private void applyTunnel(String key, String value) throws IOException {
    if (value == null) {
      view.removeTunnel(UUID.fromString(CompactedRecords.requireKey(key)));
      return;
    }
    var record = json.readValue(value, TunnelConfigurationRecord.class);
    // Compaction goes by the key: a record filed under another tunnel's key would never be
    // replaced by that tunnel's later records.
    if (key != null && record.tunnelId() != null && !key.equals(record.tunnelId().toString())) {
      throw new IllegalArgumentException("the key is not the record's tunnel id");
    }
    var before = view.tunnel(record.tunnelId()).orElse(null);
    if (view.applyTunnel(record)) {
      LOG.debugf("tunnel %s now at revision %d", record.tunnelId(), record.revision());
      var after = view.tunnel(record.tunnelId()).orElse(null);
      if (after != null) {
        changes.fire(new TunnelChanged(before, after));
      }
    }
  }

  private void applyRoute(String key, String value) throws IOException {
    var record = value == null ? null : json.readValue(value, HostnameRouteRecord.class);
    if (view.applyRoute(CompactedRecords.requireKey(key), record)) {
      LOG.debugf("hostname %s %s", key, record == null ? "unbound" : "bound");
    }
  }

  private CompletionStage<Void> consume(Message<String> message, CompactedRecords.Apply apply) {
    return CompactedRecords.consume(message, catchUp, apply);
  }
}
