package dev.outpost.portal.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConnectorSnippetsTest {

  static final String TOKEN = "eyJhIjoiYWNtZSJ9+/=";

  @Test
  void everyWayToRunTheConnectorCarriesTheTokenAndTheEdge() {
    var s =
        new ConnectorSnippets("edge.example.com:7844", Optional.empty(), "outpost/connector:1")
            .forToken(TOKEN, "web");
    assertThat(s.dockerRun())
        .isEqualTo(
            """
            docker run -d --name outpost-web --restart unless-stopped \\
              -e TUNNEL_TOKEN=eyJhIjoiYWNtZSJ9+/= \\
              -e OUTPOST_EDGE=edge.example.com:7844 \\
              outpost/connector:1 tunnel run""");
    assertThat(s.javaCommand())
        .isEqualTo(
            "java -jar connector.jar tunnel run --token eyJhIjoiYWNtZSJ9+/="
                + " --edge edge.example.com:7844");
    assertThat(s.outpostCommand())
        .isEqualTo(
            "./outpost connector tunnel run --token eyJhIjoiYWNtZSJ9+/="
                + " --edge edge.example.com:7844");
    assertThat(s.envFile()).isEqualTo("TUNNEL_TOKEN=" + TOKEN + "\n");
  }

  @Test
  void theComposeFileIsTheSidecarLayoutAndLeavesTheTokenInDotEnv() {
    var compose =
        new ConnectorSnippets("edge.example.com:7844", Optional.empty(), "outpost/connector:1")
            .forToken(TOKEN, "web")
            .compose();
    assertThat(compose)
        .contains(
            "  app:\n",
            "    expose:\n      - \"3000\"",
            "  tunnel:\n    image: outpost/connector:1\n",
            "    command: tunnel run\n",
            "      TUNNEL_TOKEN: ${TUNNEL_TOKEN:?set TUNNEL_TOKEN in .env}\n",
            "      OUTPOST_EDGE: edge.example.com:7844\n",
            "    depends_on:\n      - app\n")
        .doesNotContain(TOKEN)
        .doesNotContain("ports:")
        .doesNotContain("OUTPOST_EDGE_CA");
  }

  @Test
  void aPrivateEdgeCaIsMountedIntoContainersAndPassedOnCommandLines() {
    var s =
        new ConnectorSnippets("localhost:7844", Optional.of("/srv/outpost/edge-ca.pem"), "img")
            .forToken(TOKEN, "web");
    assertThat(s.dockerRun())
        .contains(
            "-v /srv/outpost/edge-ca.pem:/etc/outpost/edge-ca.pem:ro",
            "-e OUTPOST_EDGE_CA=/etc/outpost/edge-ca.pem");
    assertThat(s.compose())
        .contains(
            "      OUTPOST_EDGE_CA: /etc/outpost/edge-ca.pem\n",
            "    volumes:\n      - /srv/outpost/edge-ca.pem:/etc/outpost/edge-ca.pem:ro\n");
    assertThat(s.javaCommand()).endsWith(" --edge-ca /srv/outpost/edge-ca.pem");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "abc+/=            | abc+/=",
        "/path/with space  | '/path/with space'",
        "it's              | 'it'\\''s'",
        "$(rm -rf)         | '$(rm -rf)'"
      })
  void wordsTheShellWouldChangeAreQuoted(String word, String quoted) {
    assertThat(ConnectorSnippets.shell(word)).isEqualTo(quoted);
  }

  @ParameterizedTest
  @CsvSource({"web, outpost-web", "'web prod!', outpost-web-prod-", "'', outpost-connector"})
  void containerNamesComeFromTunnelNames(String tunnel, String container) {
    assertThat(ConnectorSnippets.containerName(tunnel)).isEqualTo(container);
  }
}
