package dev.outpost.router.routing;

import dev.outpost.events.Topic;
import dev.outpost.router.config.RouterConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Reads, once at start, where the routing and access topics begin and end, and hands that to {@link
 * CatchUp}. Runs on its own thread and retries until Kafka answers, so a router started while Kafka
 * is down boots anyway and simply stays not ready.
 */
@Singleton
class EndOffsetProbe {

  // What the edge serves from memory: routing, and what access control decides with.
  private static final List<String> TOPICS =
      List.of(
          Topic.TUNNEL_CONFIGURATIONS.topicName(),
          Topic.HOSTNAME_ROUTES.topicName(),
          Topic.ACCESS_APPLICATIONS.topicName(),
          Topic.SERVICE_TOKENS.topicName(),
          Topic.ACCESS_SIGNING_KEYS.topicName());
  private static final Logger LOG = Logger.getLogger(EndOffsetProbe.class);

  private final Map<String, Object> kafka;
  private final RouterConfig.Routing config;
  private final CatchUp catchUp;
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          task -> Thread.ofPlatform().name("routing-offsets").daemon().unstarted(task));

  EndOffsetProbe(
      @Identifier("default-kafka-broker") Map<String, Object> kafka,
      RouterConfig config,
      CatchUp catchUp) {
    this.kafka = kafka;
    this.config = config.routing();
    this.catchUp = catchUp;
  }

  void onStart(@Observes StartupEvent event) {
    executor.execute(this::attempt);
  }

  @PreDestroy
  void stop() {
    executor.shutdownNow();
  }

  private void attempt() {
    try (var admin = Admin.create(adminConfig())) {
      var partitions = partitions(admin);
      int withRecords =
          catchUp.expect(
              offsets(admin, partitions, OffsetSpec.earliest()),
              offsets(admin, partitions, OffsetSpec.latest()));
      LOG.infof(
          "routing view: reading %d of %d partitions up to where they ended at start",
          withRecords, partitions.size());
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      if (executor.isShutdown()) {
        return;
      }
      LOG.warnf(
          "routing view: cannot read the topics' offsets yet, retrying in %s: %s",
          config.offsetsRetry(), why(e));
      executor.schedule(this::attempt, config.offsetsRetry().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // shutting down
    }
  }

  private String why(Exception e) {
    var cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    return cause.getMessage() != null
        ? cause.getMessage()
        : "no answer within " + config.offsetsTimeout();
  }

  private List<TopicPartition> partitions(Admin admin)
      throws ExecutionException, InterruptedException, TimeoutException {
    return admin
        .describeTopics(TOPICS)
        .allTopicNames()
        .get(timeout(), TimeUnit.MILLISECONDS)
        .values()
        .stream()
        .flatMap(
            topic ->
                topic.partitions().stream()
                    .map(p -> new TopicPartition(topic.name(), p.partition())))
        .toList();
  }

  private Map<TopicPartition, Long> offsets(
      Admin admin, List<TopicPartition> partitions, OffsetSpec spec)
      throws ExecutionException, InterruptedException, TimeoutException {
    var request = partitions.stream().collect(Collectors.toMap(Function.identity(), p -> spec));
    return admin
        .listOffsets(request)
        .all()
        .get(timeout(), TimeUnit.MILLISECONDS)
        .entrySet()
        .stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }

  // The application's Kafka settings (kafka.*), without the consumer-only ones an admin client
  // would warn about.
  private Map<String, Object> adminConfig() {
    var admin = new HashMap<String, Object>();
    kafka.forEach(
        (key, value) -> {
          if (AdminClientConfig.configNames().contains(key)) {
            admin.put(key, value);
          }
        });
    admin.put(AdminClientConfig.CLIENT_ID_CONFIG, "outpost-router-routing-offsets");
    admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout());
    admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout());
    return admin;
  }

  private long timeout() {
    return config.offsetsTimeout().toMillis();
  }
}
