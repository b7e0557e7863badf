package dev.outpost.access.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** The access-service's own settings, under {@code outpost.access}. */
@ConfigMapping(prefix = "outpost.access")
public interface AccessConfig {

  /** The address end users' browsers reach this service at (login callbacks come back here). */
  URI publicUrl();

  /** The OpenID Connect issuer end users log in with. */
  URI identityProviderUrl();

  /** This service's client at the identity provider (authorization code flow with PKCE). */
  @WithDefault("outpost-access")
  String clientId();

  /** The client's secret; absent for a public client. */
  Optional<String> clientSecret();

  /**
   * Base64 of 32 random bytes: the AES-256-GCM key the private signing keys are encrypted with at
   * rest, and the login state cookie. Losing it means making new signing keys (every session ends);
   * keep it in a secret store. {@code openssl rand -base64 32} makes one.
   */
  String keyEncryptionKey();

  /** The keys access tokens are signed with. */
  SigningKeys signingKeys();

  /** How long a user may take between leaving for the identity provider and coming back. */
  @WithDefault("PT10M")
  Duration loginTimeout();

  /** How long an application session lasts when the application does not say. */
  @WithDefault("PT24H")
  Duration defaultSessionDuration();

  /** How long a new service token lives when its creator does not say. */
  @WithDefault("P365D")
  Duration defaultServiceTokenDuration();

  interface SigningKeys {

    /** How long the newest key signs before a new one replaces it. */
    @WithDefault("P7D")
    Duration rotationPeriod();

    /**
     * How long a replaced key still verifies, so that tokens it signed keep working; a session
     * longer than this ends with it (the user logs in again, usually without typing anything).
     */
    @WithDefault("PT24H")
    Duration overlap();

    /** How often rotation and retirement are checked. */
    @WithDefault("1m")
    Duration checkInterval();
  }
}
