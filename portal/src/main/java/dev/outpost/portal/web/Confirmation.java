package dev.outpost.portal.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The page a destructive action asks from first: what will happen, a button that does it (a form
 * posting to {@code action} with {@code confirm=yes}) and a way back. Works without JavaScript and
 * with the keyboard; the action itself refuses a post that did not come through here.
 *
 * @param section the navigation section the page belongs to
 * @param option an extra checkbox (name {@code force}) such as "also close its connections", or
 *     null
 */
public record Confirmation(
    String section,
    String title,
    String question,
    String consequence,
    String action,
    String button,
    String cancel,
    String option) {

  @CheckedTemplate(basePath = "Confirmation")
  static class Templates {
    static native TemplateInstance confirm(Confirmation confirmation, String problem);
  }

  public Confirmation {
    if (!action.startsWith("/") || !cancel.startsWith("/")) {
      throw new IllegalArgumentException("a confirmation posts and returns within the portal");
    }
  }

  public TemplateInstance page() {
    return Templates.confirm(this, null);
  }

  /** The page again, saying why the action did not happen (a conflict, say). */
  public TemplateInstance page(String problem) {
    return Templates.confirm(this, problem);
  }

  /** Whether a post carries the confirmation this page asks for. */
  public static boolean confirmed(String confirm) {
    return "yes".equals(confirm);
  }
}
