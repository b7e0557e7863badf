package dev.outpost.portal.access;

import dev.outpost.portal.access.AccessModels.Selector;
import io.quarkus.qute.TemplateExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A policy's rule list as a textarea holds it: one rule a line, its type then its value ({@code
 * email alice@acme.example}, {@code ip 10.0.0.0/8}, {@code everyone}). The access-service checks
 * the types and values; a message about {@code include[2]} is about line 3. Pure.
 */
public final class PolicyRulesText {

  /** The rule types the access-service knows, with what their value is, for the form's hint. */
  public static final List<String> TYPES =
      List.of(
          "everyone", "email", "email_domain", "group", "ip", "service_token", "any_service_token");

  private PolicyRulesText() {}

  /** The rules on the non-blank lines, in order; a line's first word is its type. */
  public static List<Selector> parse(String text) {
    var rules = new ArrayList<Selector>();
    if (text == null) {
      return rules;
    }
    for (var line : text.split("\\R")) {
      var trimmed = line.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      var parts = trimmed.split("\\s+", 2);
      var type = parts[0].endsWith(":") ? parts[0].substring(0, parts[0].length() - 1) : parts[0];
      rules.add(new Selector(type, parts.length > 1 ? parts[1].strip() : null));
    }
    return rules;
  }

  /** The rules one a line, as {@link #parse} reads them back. */
  public static String format(List<Selector> rules) {
    if (rules == null) {
      return "";
    }
    return rules.stream().map(PolicyRulesText::rule).collect(Collectors.joining("\n"));
  }

  /** A rule as people read it in a table: {@code email alice@acme.example}. */
  @TemplateExtension(matchName = "text")
  public static String rule(Selector selector) {
    return selector.value() == null || selector.value().isEmpty()
        ? selector.type()
        : selector.type() + " " + selector.value();
  }
}
