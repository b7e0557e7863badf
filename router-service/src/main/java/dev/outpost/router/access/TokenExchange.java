package dev.outpost.router.access;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * Gets a signed access token for a service token, which the edge cannot sign itself (it holds no
 * private key): the access-service's {@code POST /token}. Implementations must not block; the stage
 * fails when the access-service cannot be asked (the edge answers 503).
 */
public interface TokenExchange {

  /**
   * @param clientIp the client's address, for the access-service's IP rules
   */
  CompletionStage<Exchanged> exchange(
      UUID applicationId, String clientId, String clientSecret, String clientIp);

  /** What the access-service answered. */
  sealed interface Exchanged {}

  /** A token for the application, valid until {@code expiresAt}. */
  record Issued(String token, Instant expiresAt) implements Exchanged {}

  /** The access-service refused: the token or the application's policies do not admit it. */
  record Refused(String detail) implements Exchanged {}
}
