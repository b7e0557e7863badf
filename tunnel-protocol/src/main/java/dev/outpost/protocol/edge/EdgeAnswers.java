package dev.outpost.protocol.edge;

import java.nio.charset.StandardCharsets;

/**
 * The answers the edge gives itself (unknown host, tunnel down, ...): an HTML page for a browser,
 * RFC 9457 problem details for everything else.
 */
final class EdgeAnswers {

  private EdgeAnswers() {}

  /** A body and its content type. */
  record Answer(String contentType, byte[] body) {}

  static Answer of(int status, String title, String detail, CharSequence accept) {
    if (accept != null && accept.toString().contains("text/html")) {
      var html =
          "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
              + status
              + " "
              + escape(title)
              + "</title><style>body{font-family:system-ui,sans-serif;max-width:40rem;"
              + "margin:4rem auto;color:#222}h1{font-size:1.4rem}p{color:#555}</style></head>"
              + "<body><h1>"
              + status
              + " "
              + escape(title)
              + "</h1><p>"
              + escape(detail)
              + "</p><p><small>Outpost edge</small></p></body></html>";
      return new Answer("text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }
    var json =
        "{\"type\":\"about:blank\",\"title\":\""
            + jsonEscape(title)
            + "\",\"status\":"
            + status
            + ",\"detail\":\""
            + jsonEscape(detail)
            + "\"}";
    return new Answer("application/problem+json", json.getBytes(StandardCharsets.UTF_8));
  }

  /** The page's title for the statuses the edge answers itself. */
  static String title(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 404 -> "No tunnel for this host";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "Error";
    };
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String jsonEscape(String text) {
    var out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
