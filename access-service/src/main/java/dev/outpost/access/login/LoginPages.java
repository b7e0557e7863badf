package dev.outpost.access.login;

/** The few HTML pages end users see. Every value is escaped. */
final class LoginPages {

  private LoginPages() {}

  static String denied(LoginService.Finish.Denied denied) {
    return page(
        "Access denied",
        "<h1>You cannot open "
            + escape(denied.application())
            + "</h1><p>You are signed in as <strong>"
            + escape(denied.email())
            + "</strong>, and this application does not let you in: "
            + escape(denied.reason())
            + "</p><p><a href=\""
            + escape(denied.signInAgain().toString())
            + "\">Sign in as someone else</a></p>");
  }

  static String failed(String message) {
    return page(
        "Sign-in failed",
        "<h1>The sign-in did not work</h1><p>"
            + escape(message)
            + "</p><p>Go back to the application's address and try again.</p>");
  }

  static String signedOut() {
    return page(
        "Signed out", "<h1>You are signed out</h1><p>Open an application again to sign in.</p>");
  }

  private static String page(String title, String body) {
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>"
        + escape(title)
        + " · Outpost</title><style>body{font-family:system-ui,sans-serif;max-width:36rem;"
        + "margin:4rem auto;padding:0 1rem;line-height:1.5}</style></head><body>"
        + body
        + "</body></html>";
  }

  static String escape(String value) {
    if (value == null) {
      return "";
    }
    var out = new StringBuilder(value.length());
    for (char c : value.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
