package dev.outpost.access.token;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Map;
import java.util.Objects;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey.OutputControlLevel;
import org.jose4j.jwk.Use;

/**
 * An ES256 (P-256) key pair with its id: made and kept by the access-service, which signs with the
 * private key and publishes {@link #publicJwk()}. Not for the router, which sees public keys only.
 *
 * @param kid the key id, the {@code kid} header of the tokens it signs
 * @param keyPair the P-256 key pair
 */
public record SigningKey(String kid, KeyPair keyPair) {

  public SigningKey {
    Objects.requireNonNull(kid, "kid");
    Objects.requireNonNull(keyPair, "keyPair");
  }

  /** A new random key pair. */
  public static SigningKey generate(String kid) {
    try {
      var generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return new SigningKey(kid, generator.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot make P-256 keys", e);
    }
  }

  /** A key pair from its encoded forms ({@link #encodedPublicKey}, {@link #encodedPrivateKey}). */
  public static SigningKey decode(String kid, byte[] x509PublicKey, byte[] pkcs8PrivateKey) {
    try {
      var factory = KeyFactory.getInstance("EC");
      return new SigningKey(
          kid,
          new KeyPair(
              factory.generatePublic(new X509EncodedKeySpec(x509PublicKey)),
              factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8PrivateKey))));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an EC key pair: " + e.getMessage(), e);
    }
  }

  /** The public key, X.509 SubjectPublicKeyInfo DER. */
  public byte[] encodedPublicKey() {
    return keyPair.getPublic().getEncoded();
  }

  /** The private key, PKCS#8 DER: encrypt it before it is stored. */
  public byte[] encodedPrivateKey() {
    return keyPair.getPrivate().getEncoded();
  }

  public PrivateKey privateKey() {
    return keyPair.getPrivate();
  }

  /** The public JWK: {@code kty, crv, x, y, kid, use: sig, alg: ES256}; no private part. */
  public Map<String, Object> publicJwk() {
    var jwk = new EllipticCurveJsonWebKey((ECPublicKey) keyPair.getPublic());
    jwk.setKeyId(kid);
    jwk.setUse(Use.SIGNATURE);
    jwk.setAlgorithm(AccessTokens.ALGORITHM);
    return jwk.toParams(OutputControlLevel.PUBLIC_ONLY);
  }

  /** Signs a token with this key. */
  public String sign(AccessTokenClaims claims) {
    return AccessTokens.sign(claims, kid, keyPair.getPrivate());
  }

  @Override
  public String toString() {
    return "SigningKey[" + kid + "]";
  }
}
