package dev.outpost.api.tunnel;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The token a connector runs with: base64 of a small JSON object, as cloudflared's tunnel tokens
 * are: {@code {"a": tenant id, "t": tunnel id, "s": base64 of the 32-byte secret}}.
 */
public record TunnelToken(UUID tenantId, UUID tunnelId, byte[] secret) {

  private static final Pattern FIELD = Pattern.compile("\"([ats])\"\\s*:\\s*\"([^\"]*)\"");

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

  /** Reads a token; the message of the exception says what is wrong with it. */
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
    String a = null;
    String t = null;
    String s = null;
    var matcher = FIELD.matcher(json);
    while (matcher.find()) {
      switch (matcher.group(1)) {
        case "a" -> a = matcher.group(2);
        case "t" -> t = matcher.group(2);
        default -> s = matcher.group(2);
      }
    }
    if (a == null || t == null || s == null) {
      throw new IllegalArgumentException("the tunnel token lacks its tenant, tunnel or secret");
    }
    try {
      var secret = Base64.getDecoder().decode(s);
      if (secret.length != 32) {
        throw new IllegalArgumentException("the tunnel token's secret is not 32 bytes");
      }
      return new TunnelToken(UUID.fromString(a), UUID.fromString(t), secret);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the tunnel token is damaged: " + e.getMessage());
    }
  }
}
