package dev.outpost.portal.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An API's validation messages laid out for one form: those about a field the form shows go next to
 * it; the rest (and a problem without field errors) go above the form, so no message is lost.
 */
public final class FieldErrors {

  private static final FieldErrors NONE = new FieldErrors(Map.of(), List.of());

  private final Map<String, String> byField;
  private final List<String> general;

  private FieldErrors(Map<String, String> byField, List<String> general) {
    this.byField = byField;
    this.general = general;
  }

  public static FieldErrors none() {
    return NONE;
  }

  /** A message of the portal's own about one field. */
  public static FieldErrors of(String field, String message) {
    return new FieldErrors(Map.of(field, message), List.of());
  }

  /**
   * The problem's messages for a form showing {@code fields}. An API field such as {@code
   * scopes[1]} or {@code include[0].value} belongs to the form field named by its first segment.
   */
  public static FieldErrors from(ApiProblem problem, Set<String> fields) {
    return from(problem, fields, Set.of());
  }

  /**
   * As {@link #from(ApiProblem, Set)}, for a form where some fields hold a list (a textarea of
   * rules, one a line): a message about {@code include[2]} says "rule 3".
   */
  public static FieldErrors from(ApiProblem problem, Set<String> fields, Set<String> listFields) {
    var byField = new LinkedHashMap<String, String>();
    var general = new ArrayList<String>();
    for (var error : problem.errors()) {
      var field = formField(error.field());
      if (field != null && fields.contains(field)) {
        var item = listFields.contains(field) ? itemOf(error.field()) : null;
        var message = item == null ? error.message() : "rule " + item + ": " + error.message();
        byField.merge(field, message, (a, b) -> a + "; " + b);
      } else {
        general.add(
            error.field() == null ? error.message() : error.field() + ": " + error.message());
      }
    }
    if (problem.errors().isEmpty()) {
      general.add(problem.detail());
    }
    return new FieldErrors(byField, general);
  }

  /** The first segment of an API field path: {@code include[0].value} is {@code include}. */
  static String formField(String apiField) {
    if (apiField == null || apiField.isEmpty()) {
      return null;
    }
    int end = apiField.length();
    for (int i = 0; i < apiField.length(); i++) {
      char c = apiField.charAt(i);
      if (c == '[' || c == '.') {
        end = i;
        break;
      }
    }
    return apiField.substring(0, end);
  }

  /** The 1-based item of {@code include[2].value} (3), or null without an index. */
  static Integer itemOf(String apiField) {
    int open = apiField.indexOf('[');
    int close = apiField.indexOf(']', open + 1);
    if (open < 0 || close < 0) {
      return null;
    }
    try {
      return Integer.parseInt(apiField.substring(open + 1, close)) + 1;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The message for a field, or null. */
  public String get(String field) {
    return byField.get(field);
  }

  public boolean has(String field) {
    return byField.containsKey(field);
  }

  /** Messages not about a field the form shows. */
  public List<String> general() {
    return general;
  }

  public boolean isEmpty() {
    return byField.isEmpty() && general.isEmpty();
  }
}
