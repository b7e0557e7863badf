package dev.outpost.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.outpost.infra.process.JavaRuntime;
import dev.outpost.infra.process.ManagedProcess;
import dev.outpost.protocol.TunnelToken;
import dev.outpost.system.Platform.Service;
import dev.outpost.testing.Infrastructure;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cloudflared way, with the connector as built: {@code tunnel create} (a credentials file),
 * {@code route dns}, {@code tunnel run} with a config.yml, a request through the edge, {@code
 * info}, {@code token}, then {@code delete --force}, which the running connector hears of and
 * stops. The api-service and the router as built, an API token as a tenant's script holds one.
 */
class ConnectorCliSystemTest {

  private static final Path HOME = Path.of("..").toAbsolutePath().normalize();
  private static final Path JAR = HOME.resolve("connector/target/connector.jar");

  static Platform platform;
  static String apiToken;
  static HttpServer origin;

  @TempDir Path dir;

  @BeforeAll
  static void startThePlatform() throws Exception {
    platform = Platform.with(Service.API, Service.ROUTER).start();
    var created =
        JsonApi.call(
            platform.apiUrl() + "/v1/api-tokens",
            Infrastructure.accessToken("alice"),
            "POST",
            Map.of(
                "name",
                "cli",
                "scopes",
                List.of("tunnels:read", "tunnels:write", "routes:read", "routes:write")));
    assertThat(created.status()).isEqualTo(201);
    apiToken = created.body().path("secret").asText();
    origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    origin.createContext(
        "/",
        exchange -> {
          var body = ("private service saw " + exchange.getRequestURI()).getBytes();
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    origin.start();
  }

  @AfterAll
  static void stopThePlatform() {
    if (origin != null) {
      origin.stop(0);
    }
    if (platform != null) {
      platform.close();
    }
  }

  record Result(int code, String out, String err) {}

  @Test
  void createRouteRunInfoAndDeleteATunnelFromTheCommandLine() throws Exception {
    var credentials = dir.resolve("web.json");
    var create = cli("tunnel", "create", "cli-web", "--credentials-file", credentials.toString());
    assertThat(create.code()).as(create.err()).isZero();
    assertThat(create.out()).contains("Created tunnel cli-web with id ");
    var token = TunnelToken.parseCredentials(Files.readString(credentials));
    var id = token.tunnelId().toString();
    assertThat(Files.getPosixFilePermissions(credentials))
        .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));

    var list = cli("tunnel", "list", "-o", "json");
    assertThat(list.code()).isZero();
    assertThat(JsonApi.JSON.readTree(list.out()).findValuesAsText("name")).contains("cli-web");

    var route = cli("tunnel", "route", "dns", "cli-web", "cli.acme.example");
    assertThat(route.code()).as(route.err()).isZero();
    var outsideZones = cli("tunnel", "route", "dns", "cli-web", "cli.globex.example");
    assertThat(outsideZones.code()).isEqualTo(1);
    assertThat(outsideZones.err()).startsWith("error: ").contains("cli.globex.example");

    var config = dir.resolve("config.yml");
    Files.writeString(
        config,
        """
        tunnel: cli-web
        credentials-file: web.json
        ingress:
          - hostname: cli.acme.example
            service: http://127.0.0.1:%d
          - service: http_status:404
        """
            .formatted(origin.getAddress().getPort()));
    try (var connector =
        ManagedProcess.start(
            "connector-cli",
            List.of(
                JavaRuntime.javaExecutable(),
                "-Xmx64m",
                Platform.LEAK_DETECTION,
                "-jar",
                JAR.toString(),
                "tunnel",
                "--config",
                config.toString(),
                "run",
                "--edge",
                "localhost:" + platform.edgeTunnelPort,
                "--edge-ca",
                platform.edgeTls.caPem().toString(),
                "--ha-connections",
                "2",
                "cli-web"),
            HOME,
            Map.of(),
            Path.of("target", "system-tests", "connector-cli.log").toAbsolutePath())) {
      var http = HttpClient.newHttpClient();
      var request =
          HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + platform.edgePublicPort + "/hello"))
              .header("Host", "cli.acme.example")
              .build();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
      assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).body())
          .isEqualTo("private service saw /hello");

      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> cli("tunnel", "info", "cli-web").out().contains("2 connection(s)"));
      var info = cli("tunnel", "info", id);
      assertThat(info.out())
          .contains("Tunnel cli-web (" + id + ")")
          .contains("via router system-test-router");

      // The token again: for a tenant's admin (a person), not for an API token.
      var notForTokens = cli("tunnel", "token", "cli-web");
      assertThat(notForTokens.code()).isEqualTo(1);
      assertThat(notForTokens.err()).startsWith("error: ");
      var printed =
          run(
              List.of("tunnel", "token", "cli-web"),
              Map.of("OUTPOST_API_TOKEN", Infrastructure.accessToken("alice")));
      assertThat(printed.code()).as(printed.err()).isZero();
      assertThat(TunnelToken.parse(printed.out().strip()).tunnelId()).isEqualTo(token.tunnelId());

      var refused = cli("tunnel", "delete", "cli-web");
      assertThat(refused.code()).isEqualTo(1);
      assertThat(refused.err()).startsWith("error: ");
      var deleted = cli("tunnel", "delete", "cli-web", "--force");
      assertThat(deleted.code()).as(deleted.err()).isZero();
      // The edge closes the deleted tunnel's connections; the connector stops and says why.
      await().atMost(Duration.ofSeconds(30)).until(() -> !connector.isAlive());
      assertThat(connector.logTail(20)).contains("refused");
    }
    JsonNode remaining = JsonApi.JSON.readTree(cli("tunnel", "list", "-o", "json").out());
    assertThat(remaining.findValuesAsText("id")).doesNotContain(id);
    assertThat(cli("tunnel", "info", "cli-web").err()).contains("no tunnel named 'cli-web'");
  }

  @Test
  void aWrongApiTokenIsOneReadableLine() throws Exception {
    var result =
        run(List.of("tunnel", "list", "--api-token", "otk_" + UUID.randomUUID()), Map.of());
    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err()).startsWith("error: ").contains("--api-token");
  }

  private Result cli(String... args) throws IOException, InterruptedException {
    return run(List.of(args), Map.of("OUTPOST_API_TOKEN", apiToken));
  }

  private Result run(List<String> args, Map<String, String> environment)
      throws IOException, InterruptedException {
    var command = new ArrayList<>(List.of(JavaRuntime.javaExecutable(), "-jar", JAR.toString()));
    command.addAll(args);
    command.addAll(List.of("--api", platform.apiUrl()));
    var builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().putAll(environment);
    var out = dir.resolve("out-" + UUID.randomUUID());
    var err = dir.resolve("err-" + UUID.randomUUID());
    var process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
  }
}
