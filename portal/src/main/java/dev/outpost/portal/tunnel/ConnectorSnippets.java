package dev.outpost.portal.tunnel;

import java.util.ArrayList;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The ways to run a connector with a tunnel's token, ready to paste: {@code docker run}, the
 * docker-compose sidecar layout (the app on the compose network only, the connector next to it; the
 * token in {@code .env}), and plain command lines. Pure; the page shows them once.
 *
 * @param edge the edge's tunnel listener as connectors reach it, {@code host:port}
 * @param edgeCa the CA file connectors verify the edge with, when it is not a public CA's
 * @param image the connector's container image
 */
public record ConnectorSnippets(String edge, Optional<String> edgeCa, String image) {

  /** Where the containers find the CA file mounted from the host. */
  static final String CA_IN_CONTAINER = "/etc/outpost/edge-ca.pem";

  private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9+/=._:@%,-]+");

  /** The snippets for one token. */
  public record Snippets(
      String dockerRun,
      String compose,
      String envFile,
      String javaCommand,
      String outpostCommand) {}

  public Snippets forToken(String token, String tunnelName) {
    return new Snippets(
        dockerRun(token, tunnelName), compose(), envFile(token), java(token), outpost(token));
  }

  String dockerRun(String token, String tunnelName) {
    var lines = new ArrayList<String>();
    lines.add("docker run -d --name " + containerName(tunnelName) + " --restart unless-stopped");
    lines.add("  -e TUNNEL_TOKEN=" + shell(token));
    lines.add("  -e OUTPOST_EDGE=" + shell(edge));
    edgeCa.ifPresent(
        ca -> {
          lines.add("  -v " + shell(ca + ":" + CA_IN_CONTAINER + ":ro"));
          lines.add("  -e OUTPOST_EDGE_CA=" + CA_IN_CONTAINER);
        });
    lines.add("  " + image + " tunnel run");
    return String.join(" \\\n", lines);
  }

  /** The sidecar layout; the token stays in {@code .env}, out of the file people commit. */
  String compose() {
    var out = new StringBuilder();
    out.append("# docker-compose.yml: your app and the connector next to it. Nothing is\n");
    out.append("# published on the host; the connector dials out to the edge.\n");
    out.append("services:\n");
    out.append("  app:\n");
    out.append("    image: node:20-alpine        # your app\n");
    out.append("    working_dir: /app\n");
    out.append("    command: npm start\n");
    out.append("    volumes:\n");
    out.append("      - ./app:/app\n");
    out.append("    expose:\n");
    out.append("      - \"3000\"                  # reachable by the connector only\n");
    out.append("    restart: always\n");
    out.append("  tunnel:\n");
    out.append("    image: ").append(image).append('\n');
    out.append("    restart: always\n");
    out.append("    command: tunnel run\n");
    out.append("    environment:\n");
    out.append("      TUNNEL_TOKEN: ${TUNNEL_TOKEN:?set TUNNEL_TOKEN in .env}\n");
    out.append("      OUTPOST_EDGE: ").append(edge).append('\n');
    edgeCa.ifPresent(
        ca -> {
          out.append("      OUTPOST_EDGE_CA: ").append(CA_IN_CONTAINER).append('\n');
          out.append("    volumes:\n");
          out.append("      - ").append(ca).append(':').append(CA_IN_CONTAINER).append(":ro\n");
        });
    out.append("    depends_on:\n");
    out.append("      - app\n");
    return out.toString();
  }

  String envFile(String token) {
    return "TUNNEL_TOKEN=" + token + "\n";
  }

  String java(String token) {
    return "java -jar connector.jar tunnel run" + arguments(token);
  }

  String outpost(String token) {
    return "./outpost connector tunnel run" + arguments(token);
  }

  private String arguments(String token) {
    var args = new StringBuilder(" --token ").append(shell(token));
    args.append(" --edge ").append(shell(edge));
    edgeCa.ifPresent(ca -> args.append(" --edge-ca ").append(shell(ca)));
    return args.toString();
  }

  /** A container name from the tunnel's name: {@code outpost-web}. */
  static String containerName(String tunnelName) {
    var cleaned = tunnelName == null ? "" : tunnelName.replaceAll("[^A-Za-z0-9_.-]", "-");
    return "outpost-" + (cleaned.isEmpty() ? "connector" : cleaned);
  }

  /** A word the shell passes as it is: quoted when it holds anything but safe characters. */
  static String shell(String word) {
    if (SHELL_SAFE.matcher(word).matches()) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
