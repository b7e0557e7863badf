package dev.outpost.events;

import java.time.OffsetDateTime;
import java.util.Map;

/**
 * A public key the access-service signs access tokens with, on {@link Topic#ACCESS_SIGNING_KEYS}
 * (compacted), keyed by {@code kid}; a tombstone when the key is retired. A router keeps every key
 * it has heard of and verifies an access token with the one its {@code kid} header names.
 *
 * <pre>{@code
 * {"kid":"2f6c...","jwk":{"kty":"EC","crv":"P-256","x":"...","y":"...","kid":"2f6c...",
 *  "use":"sig","alg":"ES256"},"notBefore":"2025-01-01T00:00:00Z","notAfter":"2025-01-09T00:00:00Z"}
 * }</pre>
 *
 * @param kid the key id, the {@code kid} header of the tokens it signed
 * @param jwk the public key as a JSON Web Key (RFC 7517), never a private part
 * @param notBefore when the key started signing
 * @param notAfter after this instant no token it signed is still accepted (the key is retired and a
 *     tombstone follows); tokens also carry their own {@code exp}
 */
public record AccessSigningKeyRecord(
    String kid, Map<String, Object> jwk, OffsetDateTime notBefore, OffsetDateTime notAfter) {

  public static final String TYPE = "dev.outpost.access.signing-key.v1";
}
