package dev.outpost.access.signingkey;

import dev.outpost.access.config.AccessConfig;
import dev.outpost.access.token.AccessTokenClaims;
import dev.outpost.access.token.AccessTokens;
import dev.outpost.access.token.SigningKey;
import dev.outpost.events.AccessSigningKeyRecord;
import dev.outpost.events.Topic;
import dev.outpost.service.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey.OutputControlLevel;
import org.jose4j.jwk.Use;

/**
 * The ES256 keys access tokens are signed with. The newest live key signs; a new one is made every
 * {@code rotation-period}, and the one before keeps verifying for {@code overlap}, then it is
 * retired. Every key made is published on {@link Topic#ACCESS_SIGNING_KEYS} through the outbox (a
 * tombstone when retired), so routers verify with public keys only. Rotations of all replicas are
 * serialized by an advisory lock.
 */
@ApplicationScoped
public class SigningKeyService {

  private static final Logger LOG = Logger.getLogger(SigningKeyService.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SigningKeyRepository keys;
  private final Outbox outbox;
  private final KeyEncryption encryption;
  private final AccessConfig config;
  // Decrypting is cheap but not free; a key never changes once made.
  private final Map<String, SigningKey> decrypted = new ConcurrentHashMap<>();

  SigningKeyService(
      SigningKeyRepository keys, Outbox outbox, KeyEncryption encryption, AccessConfig config) {
    this.keys = keys;
    this.outbox = outbox;
    this.encryption = encryption;
    this.config = config;
  }

  /** Makes the first key, rotates when due, retires what is past its overlap. */
  @Scheduled(every = "${outpost.access.signing-keys.check-interval:1m}")
  Uni<Void> scheduled() {
    return maintain(Instant.now())
        .onFailure()
        .invoke(failure -> LOG.warnf("signing key maintenance failed: %s", failure.getMessage()))
        .onFailure()
        .recoverWithNull();
  }

  /** Rotates when the newest key is older than the rotation period; retires expired keys. */
  public Uni<Void> maintain(Instant now) {
    return Panache.withTransaction(
        () ->
            keys.lockRotation()
                .flatMap(locked -> keys.live())
                .flatMap(
                    live ->
                        live.isEmpty() || due(live.get(0), now)
                            ? rotate(live, now)
                            : Uni.createFrom().voidItem())
                .flatMap(rotated -> retire(now)));
  }

  /**
   * Makes a new signing key now, whatever its predecessor's age; the predecessor verifies for
   * {@code overlap} more. For operators (a suspected leak calls for retiring, too) and tests.
   */
  public Uni<Void> rotateNow(Instant now) {
    return Panache.withTransaction(
        () ->
            keys.lockRotation()
                .flatMap(locked -> keys.live())
                .flatMap(live -> rotate(live, now))
                .flatMap(rotated -> retire(now)));
  }

  /** The key that signs now, made first if there is none yet. */
  public Uni<SigningKey> current() {
    var now = Instant.now();
    return Panache.withSession(keys::live)
        .flatMap(
            live ->
                !live.isEmpty() && !due(live.get(0), now)
                    ? Uni.createFrom().item(live.get(0))
                    : maintain(now)
                        .flatMap(done -> Panache.withSession(keys::live))
                        .map(List::getFirst))
        .map(this::decrypt);
  }

  /** Signs an access token with the current key. */
  public Uni<String> sign(AccessTokenClaims claims) {
    return current().map(key -> key.sign(claims));
  }

  /** The public keys that verify tokens now (the JWKS), newest first. */
  @WithSession
  public Uni<List<Map<String, Object>>> publicKeys() {
    return keys.live().map(live -> live.stream().map(SigningKeyService::publicJwk).toList());
  }

  private boolean due(SigningKeyEntity newest, Instant now) {
    return !newest.notBefore.toInstant().plus(config.signingKeys().rotationPeriod()).isAfter(now);
  }

  private Uni<Void> rotate(List<SigningKeyEntity> live, Instant now) {
    var at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    var overlapEnd = at.plus(config.signingKeys().overlap());
    var key = SigningKey.generate(HexFormat.of().formatHex(randomBytes(16)));
    var entity = new SigningKeyEntity();
    entity.kid = key.kid();
    entity.publicKey = key.encodedPublicKey();
    entity.privateKey = encryption.seal(key.encodedPrivateKey(), key.kid());
    entity.notBefore = at;
    entity.notAfter =
        at.plus(config.signingKeys().rotationPeriod()).plus(config.signingKeys().overlap());
    decrypted.put(key.kid(), key);
    Uni<Void> chain = keys.persist(entity).flatMap(this::publish);
    for (var older : live) {
      if (older.notAfter.isAfter(overlapEnd)) {
        // It stops signing now, so it needs to verify for the overlap only.
        older.notAfter = overlapEnd;
        chain = chain.flatMap(done -> publish(older));
      }
    }
    LOG.infof("signing key %s made; it signs from now on", key.kid());
    return chain;
  }

  private Uni<Void> retire(Instant now) {
    return keys.live()
        .flatMap(
            live -> {
              Uni<Void> chain = Uni.createFrom().voidItem();
              // The newest key is never retired: something must sign.
              for (var key : live.subList(Math.min(1, live.size()), live.size())) {
                if (!key.notAfter.toInstant().isAfter(now)) {
                  key.retiredAt = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
                  decrypted.remove(key.kid);
                  LOG.infof("signing key %s retired", key.kid);
                  chain =
                      chain.flatMap(
                          done ->
                              outbox
                                  .enqueueTombstone(
                                      Topic.ACCESS_SIGNING_KEYS,
                                      key.kid,
                                      AccessSigningKeyRecord.TYPE)
                                  .replaceWithVoid());
                }
              }
              return chain;
            });
  }

  private Uni<Void> publish(SigningKeyEntity key) {
    return outbox
        .enqueue(
            Topic.ACCESS_SIGNING_KEYS,
            key.kid,
            AccessSigningKeyRecord.TYPE,
            new AccessSigningKeyRecord(key.kid, publicJwk(key), key.notBefore, key.notAfter))
        .replaceWithVoid();
  }

  private SigningKey decrypt(SigningKeyEntity key) {
    return decrypted.computeIfAbsent(
        key.kid,
        kid -> SigningKey.decode(kid, key.publicKey, encryption.open(key.privateKey, kid)));
  }

  static Map<String, Object> publicJwk(SigningKeyEntity key) {
    try {
      var publicKey =
          (ECPublicKey)
              KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(key.publicKey));
      var jwk = new EllipticCurveJsonWebKey(publicKey);
      jwk.setKeyId(key.kid);
      jwk.setUse(Use.SIGNATURE);
      jwk.setAlgorithm(AccessTokens.ALGORITHM);
      return jwk.toParams(OutputControlLevel.PUBLIC_ONLY);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("stored public key " + key.kid + " is unreadable", e);
    }
  }

  private static byte[] randomBytes(int length) {
    var bytes = new byte[length];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
