package dev.outpost.infra.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.events.Topic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The compose file cannot be run here (no container engine), so what can drift from the code is
 * checked as text: every topic is created with its retention, and every service image has a
 * Dockerfile and a compose service.
 */
class ComposeFileTest {

  private static final Path COMPOSE = Path.of("docker-compose.yml");

  @Test
  void kafkaInitCreatesEveryTopicWithItsRetention() throws IOException {
    var compose = Files.readString(COMPOSE);
    // kafka-init has one loop per retention: "for topic in ...; do" up to its cleanup policy.
    var loops = Pattern.compile("for topic in ([^;]*);.*?cleanup\\.policy=(\\w+)", Pattern.DOTALL);
    var matcher = loops.matcher(compose);
    var compacted = "";
    var timed = "";
    while (matcher.find()) {
      var names = matcher.group(1).replace("\\", " ");
      if (matcher.group(2).equals("compact")) {
        compacted += " " + names + " ";
      } else {
        timed += " " + names + " ";
      }
    }
    for (var topic : Topic.values()) {
      var created = topic.retention() == Topic.Retention.COMPACTED ? compacted : timed;
      assertThat(created.split("\\s+"))
          .as("kafka-init creates %s as %s", topic.topicName(), topic.retention())
          .contains(topic.topicName());
    }
  }

  @Test
  void everyServiceImageHasItsDockerfileAndComposeService() throws IOException {
    var compose = Files.readString(COMPOSE);
    for (var service : new String[] {"api-service", "access-service", "router-service", "portal"}) {
      assertThat(Path.of("docker", service + ".Dockerfile")).exists();
      assertThat(compose)
          .contains("\n  " + service + ":\n")
          .contains("dockerfile: infra/docker/" + service + ".Dockerfile");
    }
  }
}
