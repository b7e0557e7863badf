package dev.outpost.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What a connector authenticates with: the tenant, the tunnel and its 32-byte secret.
 *
 * <p>As a token it is base64 of a small JSON object, the shape of cloudflared's tunnel tokens:
 * {@code {"a": tenant id, "t": tunnel id, "s": base64 of the secret}}. As a credentials file it is
 * cloudflared's JSON: {@code {"AccountTag", "TunnelID", "TunnelSecret"}}.
 */
public record TunnelToken(UUID tenantId, UUID tunnelId, byte[] secret) {

  public static final int SECRET_LENGTH = 32;
  private static final Pattern STRING_FIELD = Pattern.compile("\"(\\w+)\"\\s*:\\s*\"([^\"]*)\"");

  public TunnelToken {
    if (secret == null || secret.length != SECRET_LENGTH) {
      throw new IllegalArgumentException("a tunnel secret has " + SECRET_LENGTH + " bytes");
    }
    secret = secret.clone();
  }

  @Override
  public byte[] secret() {
    return secret.clone();
  }

  public String encode() {
    var json =
        "{\"a\":\""
            + tenantId
            + "\",\"t\":\""
            + tunnelId
            + "\",\"s\":\""
            + Base64.getEncoder().encodeToString(secret)
            + "\"}";
    return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Reads a token; the exception's message says what is wrong, for the user to read. */
  public static TunnelToken parse(String token) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("the tunnel token is empty");
    }
    String json;
    try {
      json = new String(Base64.getDecoder().decode(token.trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the tunnel token is not base64; copy it whole");
    }
    var fields = fields(json);
    return of(fields.get("a"), fields.get("t"), fields.get("s"), "tunnel token");
  }

  /** Reads cloudflared's credentials file JSON ({@code AccountTag, TunnelID, TunnelSecret}). */
  public static TunnelToken parseCredentials(String json) {
    var fields = fields(json);
    return of(
        fields.get("AccountTag"),
        fields.get("TunnelID"),
        fields.get("TunnelSecret"),
        "credentials file");
  }

  /** The credentials file form of this token. */
  public String toCredentials() {
    return "{\"AccountTag\":\""
        + tenantId
        + "\",\"TunnelID\":\""
        + tunnelId
        + "\",\"TunnelSecret\":\""
        + Base64.getEncoder().encodeToString(secret)
        + "\"}";
  }

  private static Map<String, String> fields(String json) {
    var fields = new java.util.HashMap<String, String>();
    var matcher = STRING_FIELD.matcher(json);
    while (matcher.find()) {
      fields.put(matcher.group(1), matcher.group(2));
    }
    return fields;
  }

  private static TunnelToken of(String tenant, String tunnel, String secret, String what) {
    if (tenant == null || tunnel == null || secret == null) {
      throw new IllegalArgumentException("the " + what + " lacks its tenant, tunnel or secret");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(secret);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the " + what + "'s secret is not base64");
    }
    if (bytes.length != SECRET_LENGTH) {
      throw new IllegalArgumentException(
          "the " + what + "'s secret has " + bytes.length + " bytes, not " + SECRET_LENGTH);
    }
    return new TunnelToken(uuid(tenant, what, "tenant"), uuid(tunnel, what, "tunnel"), bytes);
  }

  /** A UUID, with or without dashes (cloudflared's account tags have none). */
  private static UUID uuid(String value, String what, String field) {
    var text = value.trim();
    if (text.matches("[0-9a-fA-F]{32}")) {
      text =
          text.substring(0, 8)
              + "-"
              + text.substring(8, 12)
              + "-"
              + text.substring(12, 16)
              + "-"
              + text.substring(16, 20)
              + "-"
              + text.substring(20);
    }
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the " + what + "'s " + field + " id is not an id: " + value);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TunnelToken t
        && t.tenantId.equals(tenantId)
        && t.tunnelId.equals(tunnelId)
        && java.util.Arrays.equals(t.secret, secret);
  }

  @Override
  public int hashCode() {
    return tunnelId.hashCode();
  }

  /** Never shows the secret. */
  @Override
  public String toString() {
    return "TunnelToken[tenant=" + tenantId + ", tunnel=" + tunnelId + "]";
  }
}
