-- The ES256 key pairs access tokens are signed with. The newest key signs; older ones verify
-- until not_after, then they are retired (a tombstone on outpost.access-signing-keys). The private
-- key is PKCS#8 encrypted with AES-256-GCM under outpost.access.key-encryption-key: a 12-byte
-- nonce followed by the ciphertext and tag, the kid as associated data.
CREATE TABLE signing_key (
    kid                 TEXT PRIMARY KEY,
    public_key          BYTEA       NOT NULL, -- X.509 SubjectPublicKeyInfo DER
    private_key         BYTEA       NOT NULL, -- nonce || AES-GCM(PKCS#8 DER)
    not_before          TIMESTAMPTZ NOT NULL,
    not_after           TIMESTAMPTZ NOT NULL,
    retired_at          TIMESTAMPTZ
);
CREATE INDEX signing_key_live ON signing_key (not_before DESC) WHERE retired_at IS NULL;
