package dev.outpost.connector.tunnel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.connector.api.ApiClient;
import dev.outpost.connector.api.ApiException;
import dev.outpost.connector.api.ApiOptions;
import dev.outpost.connector.config.ConfigFile;
import dev.outpost.protocol.TunnelToken;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The tenant's tunnels from the command line, as with cloudflared: {@code tunnel create}, {@code
 * list}, {@code info}, {@code route dns}, {@code token}, {@code delete}, through the Outpost API.
 * Each prints for people, or JSON with {@code --output json}; a refusal of the API is one readable
 * message and exit code 1.
 */
final class TunnelAdminCommands {

  private static final ObjectMapper JSON = new ObjectMapper();

  private TunnelAdminCommands() {}

  /** What every managing command shares: the API, the output format, error handling. */
  abstract static class Managing implements Callable<Integer> {
    @Mixin ApiOptions api;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = {"-o", "--output"},
        defaultValue = "text",
        description = "text or json (default ${DEFAULT-VALUE})")
    String output;

    abstract void run(ApiClient client, PrintWriter out) throws IOException;

    @Override
    public final Integer call() throws IOException {
      if (!output.equals("text") && !output.equals("json")) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--output takes text or json, not '" + output + "'");
      }
      var client = api.client(spec);
      try {
        run(client, spec.commandLine().getOut());
        return 0;
      } catch (ApiException e) {
        spec.commandLine().getErr().println("error: " + e.getMessage());
        return 1;
      }
    }

    boolean json() {
      return output.equals("json");
    }

    static void printJson(PrintWriter out, JsonNode node) throws IOException {
      out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    }
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Create a tunnel. A locally managed one (the default) writes its credentials file, for",
        "config.yml's credentials-file; a remotely managed one (--remote) prints its token."
      })
  static final class Create extends Managing {
    @Parameters(paramLabel = "NAME", description = "the tunnel's name")
    String name;

    @Option(names = "--remote", description = "ingress rules managed through the API and portal")
    boolean remote;

    @Option(
        names = "--credentials-file",
        description = "where to write the credentials (default ~/.outpost/TUNNEL-ID.json)")
    Path credentialsFile;

    @Override
    void run(ApiClient client, PrintWriter out) throws IOException {
      var created =
          client.post(
              "v1/tunnels", Map.of("name", name, "configSource", remote ? "remote" : "local"));
      var tunnel = created.path("tunnel");
      var id = tunnel.path("id").asText();
      var token = created.path("token").asText();
      if (json()) {
        printJson(out, created);
        return;
      }
      out.printf("Created tunnel %s with id %s%n", name, id);
      if (remote) {
        out.println("Its token (shown once; `connector tunnel token` fetches it again):");
        out.println(token);
        out.println("Run it with: connector tunnel run --token <the token>");
        return;
      }
      var file =
          credentialsFile != null
              ? credentialsFile
              : ConfigFile.userHome().resolve(".outpost").resolve(id + ".json");
      writePrivately(file, TunnelToken.parse(token).toCredentials());
      out.printf(
          "Credentials written to %s: keep it secret, it lets anyone run the tunnel.%n", file);
      out.printf(
          "Next: a config.yml with `tunnel: %s`, `credentials-file: %s` and its ingress rules,"
              + " then: connector tunnel --config config.yml run %s%n",
          id, file, name);
    }

    private static void writePrivately(Path file, String content) throws IOException {
      var folder = file.toAbsolutePath().getParent();
      Files.createDirectories(folder);
      var temporary = Files.createTempFile(folder, ".credentials", ".json");
      try {
        try {
          Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
          // Windows: the user's profile folder is private already
        }
        Files.writeString(temporary, content);
        Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(temporary);
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List your tunnels.")
  static final class ListTunnels extends Managing {
    @Override
    void run(ApiClient client, PrintWriter out) throws IOException {
      var all = JSON.createArrayNode();
      String cursor = null;
      do {
        var page = client.get("v1/tunnels?limit=100" + (cursor == null ? "" : "&cursor=" + cursor));
        page.path("items").forEach(all::add);
        cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
      } while (cursor != null);
      if (json()) {
        printJson(out, all);
        return;
      }
      if (all.isEmpty()) {
        out.println("No tunnels yet: connector tunnel create NAME");
        return;
      }
      out.printf("%-36s  %-24s  %-9s  %-7s  %s%n", "ID", "NAME", "STATUS", "CONFIG", "CREATED");
      for (var t : all) {
        out.printf(
            "%-36s  %-24s  %-9s  %-7s  %s%n",
            t.path("id").asText(),
            t.path("name").asText(),
            t.path("status").asText(),
            t.path("configSource").asText(),
            t.path("createdAt").asText());
      }
    }
  }

  @Command(
      name = "info",
      mixinStandardHelpOptions = true,
      description = "Show a tunnel: its status, connectors and connections.")
  static final class Info extends Managing {
    @Parameters(paramLabel = "NAME-or-ID")
    String tunnel;

    @Override
    void run(ApiClient client, PrintWriter out) throws IOException {
      var detail = client.tunnel(tunnel);
      var connections = client.get("v1/tunnels/" + detail.path("id").asText() + "/connections");
      if (json()) {
        var both = JSON.createObjectNode();
        both.set("tunnel", detail);
        both.set("connections", connections);
        printJson(out, both);
        return;
      }
      out.printf("Tunnel %s (%s)%n", detail.path("name").asText(), detail.path("id").asText());
      out.printf(
          "  status %s, %d connection(s), configuration %s (version %d)%n",
          detail.path("status").asText(),
          detail.path("activeConnections").asInt(),
          detail.path("configSource").asText(),
          detail.path("configVersion").asInt());
      if (connections.isEmpty()) {
        out.println("  no connector is connected");
      }
      for (var c : connections) {
        out.printf(
            "  connection %s: connector %s (%s, %s) via router %s from %s since %s%n",
            c.path("connIndex").asText(),
            c.path("connectorId").asText(),
            c.path("clientVersion").asText(),
            c.path("platform").asText(),
            c.path("routerId").asText(),
            c.path("originIp").asText(),
            c.path("openedAt").asText());
      }
    }
  }

  @Command(
      name = "route",
      mixinStandardHelpOptions = true,
      description = "Route traffic to a tunnel.",
      subcommands = {RouteDns.class})
  static final class Route implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(spec.commandLine().getOut());
    }
  }

  @Command(
      name = "dns",
      mixinStandardHelpOptions = true,
      description = "Send a public hostname (in one of your zones) to a tunnel.")
  static final class RouteDns extends Managing {
    @Parameters(index = "0", paramLabel = "NAME-or-ID")
    String tunnel;

    @Parameters(
        index = "1",
        paramLabel = "HOSTNAME",
        description = "e.g. app.example.com or *.example.com")
    String hostname;

    @Override
    void run(ApiClient client, PrintWriter out) throws IOException {
      var id = client.tunnel(tunnel).path("id").asText();
      var route = client.post("v1/routes", Map.of("hostname", hostname, "tunnelId", id));
      if (json()) {
        printJson(out, route);
        return;
      }
      out.printf("%s now goes to tunnel %s (%s)%n", hostname, tunnel, id);
    }
  }

  @Command(
      name = "token",
      mixinStandardHelpOptions = true,
      description = "Print a tunnel's token, for connector tunnel run --token (admins only).")
  static final class Token extends Managing {
    @Parameters(paramLabel = "NAME-or-ID")
    String tunnel;

    @Override
    void run(ApiClient client, PrintWriter out) throws IOException {
      var id = client.tunnel(tunnel).path("id").asText();
      var token = client.get("v1/tunnels/" + id + "/token");
      if (json()) {
        printJson(out, token);
        return;
      }
      out.println(token.path("token").asText());
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a tunnel.")
  static final class Delete extends Managing {
    @Parameters(paramLabel = "NAME-or-ID")
    String tunnel;

    @Option(
        names = {"-f", "--force"},
        description = "delete it even while connectors are connected (they are disconnected)")
    boolean force;

    @Override
    void run(ApiClient client, PrintWriter out) {
      var id = client.tunnel(tunnel).path("id").asText();
      client.delete("v1/tunnels/" + id + (force ? "?force=true" : ""));
      out.printf("Deleted tunnel %s (%s)%n", tunnel, id);
    }
  }
}
