package dev.outpost.router.access;

import dev.outpost.protocol.edge.EdgeGate.Answer;
import java.util.List;
import java.util.Map;

/** The pages and problem details access control answers with. Pure. */
final class AccessPages {

  private static final String JSON = "application/json";

  private AccessPages() {}

  /** A 401 for a script: problem details saying where to log in. */
  static Answer loginRequired(String applicationName, String loginUrl) {
    return Answer.page(
        401,
        "Login required",
        "The application "
            + applicationName
            + " needs a login: open "
            + loginUrl
            + " in a browser, or send a service token in the "
            + dev.outpost.access.token.AccessTokens.CLIENT_ID_HEADER
            + " and "
            + dev.outpost.access.token.AccessTokens.CLIENT_SECRET_HEADER
            + " headers.",
        JSON,
        List.of());
  }

  /**
   * A 403 for someone signed in: who they are and why, with a way to sign in as someone else.
   *
   * @param email who is signed in, or null for a client that is not
   */
  static Answer denied(
      boolean browser,
      String applicationName,
      String email,
      String reason,
      String switchUserUrl,
      String logoutPath) {
    String who = email == null ? null : "You are signed in as " + email + ".";
    if (!browser) {
      return Answer.page(
          403, "Access denied", (who == null ? "" : who + " ") + reason, JSON, List.of());
    }
    var body = new StringBuilder();
    body.append("<h1>Access denied</h1><p>You may not open <b>")
        .append(escape(applicationName))
        .append("</b>.</p>");
    if (who != null) {
      body.append("<p>").append(escape(who)).append("</p>");
    }
    body.append("<p class=\"why\">").append(escape(reason)).append("</p>");
    if (email != null) {
      body.append("<p><a href=\"")
          .append(escape(switchUserUrl))
          .append("\">Sign in as someone else</a> &middot; <a href=\"")
          .append(escape(logoutPath))
          .append("\">Sign out</a></p>");
    }
    return Answer.html(403, page("403 Access denied", body), List.of());
  }

  /** A page or problem details for a bad request to the edge's own paths. */
  static Answer badRequest(String detail, CharSequence accept) {
    return Answer.page(400, "Bad Request", detail, accept, List.of());
  }

  static Map.Entry<String, String> header(String name, String value) {
    return Map.entry(name, value);
  }

  private static String page(String title, CharSequence body) {
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
        + escape(title)
        + "</title><style>body{font-family:system-ui,sans-serif;max-width:40rem;"
        + "margin:4rem auto;color:#222}h1{font-size:1.4rem}.why{color:#555}</style></head><body>"
        + body
        + "<p><small>Outpost edge</small></p></body></html>";
  }

  static String escape(String text) {
    return text == null
        ? ""
        : text.replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace("\"", "&quot;")
            .replace("'", "&#39;");
  }
}
