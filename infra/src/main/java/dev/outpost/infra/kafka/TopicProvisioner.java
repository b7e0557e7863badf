package dev.outpost.infra.kafka;

import dev.outpost.events.Topic;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates the platform's topics with their retention settings, so a compacted topic is compacted
 * from its first record (a topic auto-created by a producer would not be).
 */
public final class TopicProvisioner {

  private TopicProvisioner() {}

  /** Creates every {@link Topic} that does not exist yet; existing topics are left alone. */
  public static void ensureTopics(String bootstrapServers, short replicationFactor) {
    try (var admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      var existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      var missing =
          Arrays.stream(Topic.values())
              .filter(t -> !existing.contains(t.topicName()))
              .map(
                  t ->
                      new NewTopic(t.topicName(), t.partitions(), replicationFactor)
                          .configs(t.brokerConfig()))
              .toList();
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "could not create the platform's topics: " + e.getMessage(), e);
    }
  }
}
