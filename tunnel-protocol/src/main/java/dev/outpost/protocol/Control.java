package dev.outpost.protocol;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.UUID;

/**
 * The control messages of the tunnel protocol. They travel as ordinary HTTP/2 streams that the edge
 * opens on the connection (the edge is always the HTTP/2 client): a control stream is a request
 * whose {@code :path} starts with {@link #PREFIX}, with a JSON body, answered with JSON.
 *
 * <ol>
 *   <li>{@code POST /.outpost/v1/hello}: the edge introduces itself ({@link Hello}); the connector
 *       answers with its credentials ({@link Credentials}).
 *   <li>{@code POST /.outpost/v1/registration}: the edge's verdict ({@link Verdict}), registered
 *       with a connection id, or refused with a reason and whether retrying can help.
 *   <li>{@code PUT /.outpost/v1/configuration}: a remote-managed configuration ({@link
 *       Configuration}); the connector answers the version it applied ({@link Applied}).
 * </ol>
 */
public final class Control {

  public static final String PREFIX = "/.outpost/v1/";
  public static final String HELLO = PREFIX + "hello";
  public static final String REGISTRATION = PREFIX + "registration";
  public static final String CONFIGURATION = PREFIX + "configuration";

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private Control() {}

  public record Hello(String routerId, int protocolVersion) {}

  /** What a connector presents; {@code secret} is base64 of the tunnel secret. */
  public record Credentials(
      UUID tenantId,
      UUID tunnelId,
      String secret,
      UUID connectorId,
      int connIndex,
      String version,
      String platform,
      int haConnections) {}

  public record Verdict(
      boolean registered, UUID connectionId, String routerId, String reason, boolean retryable) {

    public static Verdict accepted(UUID connectionId, String routerId) {
      return new Verdict(true, connectionId, routerId, null, false);
    }

    public static Verdict refused(String reason, boolean retryable) {
      return new Verdict(false, null, null, reason, retryable);
    }
  }

  public record Configuration(int version, Map<String, Object> config) {}

  public record Applied(int version) {}

  public static byte[] write(Object message) {
    try {
      return JSON.writeValueAsBytes(message);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static <T> T read(byte[] json, Class<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a " + type.getSimpleName() + " message", e);
    }
  }
}
