package dev.outpost.access.signingkey;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** An access token signing key pair; the private key encrypted. Persistence only. */
@Entity
@Table(name = "signing_key")
public class SigningKeyEntity {

  @Id public String kid;

  /** X.509 SubjectPublicKeyInfo DER. */
  @Column(name = "public_key", nullable = false)
  public byte[] publicKey;

  /** See {@link KeyEncryption}: nonce followed by the AES-GCM ciphertext of the PKCS#8 DER. */
  @Column(name = "private_key", nullable = false)
  public byte[] privateKey;

  /** When it started signing. */
  @Column(name = "not_before", nullable = false)
  public OffsetDateTime notBefore;

  /** When it stops verifying and is retired. */
  @Column(name = "not_after", nullable = false)
  public OffsetDateTime notAfter;

  /** Set once retired: out of the JWKS, a tombstone published. */
  @Column(name = "retired_at")
  public OffsetDateTime retiredAt;
}
