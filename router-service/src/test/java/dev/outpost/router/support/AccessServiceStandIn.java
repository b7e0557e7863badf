package dev.outpost.router.support;

import com.sun.net.httpserver.HttpServer;
import dev.outpost.access.token.AccessTokenClaims;
import dev.outpost.access.token.SigningKey;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the router needs of the access-service, in the router's own tests: an ES256 signing key (the
 * tests publish its public half on the signing-keys topic and sign sessions with it) and a {@code
 * POST /token} that signs a service token's access token as the access-service would. The real
 * endpoint, with its database checks, is tested in access-service and in system-tests.
 */
public final class AccessServiceStandIn implements QuarkusTestResourceLifecycleManager {

  public static final String ISSUER = "http://access.test";
  public static final SigningKey KEY = SigningKey.generate("router-test-key");
  // application id -> {audience, tenant}, registered by the tests before they exchange.
  private static final Map<String, String[]> APPLICATIONS = new ConcurrentHashMap<>();
  private static HttpServer server;

  /** Lets the stand-in issue tokens for an application. */
  public static void register(UUID applicationId, String audience, UUID tenant) {
    APPLICATIONS.put(applicationId.toString(), new String[] {audience, tenant.toString()});
  }

  @Override
  public synchronized Map<String, String> start() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.createContext(
        "/token",
        exchange -> {
          var form =
              form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          var app = APPLICATIONS.get(form.getOrDefault("application", ""));
          byte[] body;
          int status;
          if (app == null || !"client_credentials".equals(form.get("grant_type"))) {
            status = 400;
            body =
                "{\"error\":\"invalid_request\",\"error_description\":\"unknown application\"}"
                    .getBytes();
          } else {
            var now = Instant.now();
            var jwt =
                KEY.sign(
                    AccessTokenClaims.service(
                        ISSUER,
                        app[0],
                        UUID.nameUUIDFromBytes(
                            form.get("client_id").getBytes(StandardCharsets.UTF_8)),
                        form.get("client_id"),
                        UUID.fromString(app[1]),
                        now,
                        now.plusSeconds(600)));
            status = 200;
            body =
                ("{\"access_token\":\"" + jwt + "\",\"token_type\":\"Bearer\",\"expires_in\":600}")
                    .getBytes();
          }
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return Map.of(
        "outpost.router.access.public-url",
        ISSUER,
        "outpost.router.access.service-url",
        "http://127.0.0.1:" + server.getAddress().getPort());
  }

  private static Map<String, String> form(String body) {
    var form = new HashMap<String, String>();
    for (var pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  @Override
  public synchronized void stop() {
    if (server != null) {
      server.stop(0);
    }
  }
}
