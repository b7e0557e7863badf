package dev.outpost.api.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Webhook delivery: {@code outpost.webhooks}. */
@ConfigMapping(prefix = "outpost.webhooks")
public interface WebhookConfig {

  /**
   * Lets deliveries go to loopback, private, link-local and other non-public addresses. Off in
   * production (a tenant could otherwise make the platform call into its own network); on for a
   * local trial or tests, where the receiver runs on this machine.
   */
  @WithDefault("false")
  boolean allowPrivateDestinations();

  /**
   * A PEM file of the certificate authorities an {@code https://} receiver's certificate must chain
   * to, in place of the JDK's public ones: for a platform whose tenants' receivers sit behind a
   * company CA (add the public CAs to the file to keep those too). The receiver's name is checked
   * against its certificate either way.
   */
  Optional<Path> trustedCertificates();

  /** How long one attempt may take, connecting included, before it counts as failed. */
  @WithDefault("5s")
  Duration timeout();

  /** The delay before the first retry of a failed delivery; it doubles with each failure. */
  @WithDefault("5s")
  Duration retryInitial();

  /** The longest delay between two retries. */
  @WithDefault("1h")
  Duration retryMax();

  /**
   * A subscription whose deliveries have failed (with no success in between) for this long is
   * disabled, and the tenant is told (a {@code webhook.disabled} event, the audit log, its status).
   */
  @WithDefault("P3D")
  Duration disableAfter();

  /**
   * After a secret rotation, how long deliveries are also signed with the old secret, so receivers
   * can switch without missing one. A rotation request may ask for a shorter one.
   */
  @WithDefault("24h")
  Duration secretGracePeriod();

  /** How often the dispatcher looks for due deliveries (new events wake it at once as well). */
  @WithDefault("1s")
  Duration pollInterval();

  /** The most deliveries one process sends at once. */
  @WithDefault("32")
  int maxInFlight();

  /**
   * How long a claimed delivery is reserved for the dispatcher that claimed it. If that process
   * dies mid-attempt, another one retries the delivery after this (at-least-once). Keep it well
   * above {@link #timeout()}.
   */
  @WithDefault("1m")
  Duration lease();

  /** How long delivered deliveries stay in the delivery log. */
  @WithDefault("P30D")
  Duration deliveryRetention();

  default RetrySchedule schedule() {
    return new RetrySchedule(retryInitial(), retryMax(), disableAfter());
  }
}
