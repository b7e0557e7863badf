package dev.outpost.router.peering;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.events.RouterRecord;
import dev.outpost.events.TunnelPresenceRecord;
import dev.outpost.router.routing.CatchUp;
import dev.outpost.router.routing.CompactedRecords;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Follows what the routers publish about themselves (read whole at every start, like the routing
 * topics) into the {@link PeerDirectory}; removes what an earlier run of this router left.
 */
@ApplicationScoped
public class PeeringListener {

  static final String ROUTERS_CHANNEL = "routers";
  static final String PRESENCE_CHANNEL = "tunnel-presence";

  private final Peering peering;
  private final CatchUp catchUp;
  private final ObjectMapper json;

  PeeringListener(Peering peering, CatchUp catchUp, ObjectMapper json) {
    this.peering = peering;
    this.catchUp = catchUp;
    this.json = json;
  }

  @Incoming(ROUTERS_CHANNEL)
  public CompletionStage<Void> onRouter(Message<String> message) {
    return CompactedRecords.consume(message, catchUp, this::applyRouter);
  }

  @Incoming(PRESENCE_CHANNEL)
  public CompletionStage<Void> onPresence(Message<String> message) {
    return CompactedRecords.consume(message, catchUp, this::applyPresence);
  }

  private void applyRouter(String key, String value) throws IOException {
    var routerId = CompactedRecords.requireKey(key);
    if (value == null) {
      peering.directory().routerGone(routerId);
      return;
    }
    var record = json.readValue(value, RouterRecord.class);
    if (!routerId.equals(record.routerId())) {
      throw new IllegalArgumentException("the key is not the router's id");
    }
    peering.directory().router(routerId, PeerDirectory.address(record.peerAddress()));
  }

  private void applyPresence(String key, String value) throws IOException {
    var parts = CompactedRecords.requireKey(key).split("/", 2);
    if (parts.length != 2) {
      throw new IllegalArgumentException("a presence key is tunnel/router");
    }
    var tunnel = UUID.fromString(parts[0]);
    var routerId = parts[1];
    if (value == null) {
      peering.directory().presence(tunnel, routerId, 0);
      return;
    }
    var record = json.readValue(value, TunnelPresenceRecord.class);
    if (!tunnel.equals(record.tunnelId()) || !routerId.equals(record.routerId())) {
      throw new IllegalArgumentException("the key is not the record's tunnel and router");
    }
    if (routerId.equals(peering.routerId())) {
      peering.earlierRun(tunnel, record.routerStartedAt());
      return;
    }
    peering.directory().presence(tunnel, routerId, record.connections());
  }
}
