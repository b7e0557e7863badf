package dev.outpost.portal.tunnel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.portal.web.ApiProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ingress rules editor: a tunnel's remote configuration as rows of hostname, path, service and
 * origin options (JSON), and back. Blank rows are left out when saving; the API's messages about
 * {@code config.ingress[i].field} come back next to the row and field they are about, however many
 * blank rows the form had in between. Pure.
 */
public final class IngressForm {

  /** Blank rows offered for new rules, just above the catch-all. */
  static final int BLANK_ROWS = 2;

  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};
  private static final Pattern RULE_FIELD =
      Pattern.compile("config\\.ingress\\[(\\d+)](?:\\.([A-Za-z]+))?.*");

  /** One rule as the form shows it, with the messages about it. */
  public record Row(
      String hostname, String path, String service, String options, Map<String, String> errors) {

    Row(String hostname, String path, String service, String options) {
      this(trim(hostname), trim(path), trim(service), trim(options), Map.of());
    }

    public boolean blank() {
      return hostname.isEmpty() && path.isEmpty() && service.isEmpty() && options.isEmpty();
    }

    boolean catchAll() {
      return (hostname.isEmpty() || hostname.equals("*")) && path.isEmpty() && !service.isEmpty();
    }

    /** The message about {@code field} (hostname, path, service, options, or rule), or null. */
    public String error(String field) {
      return errors.get(field);
    }

    Row withError(String field, String message) {
      var all = new LinkedHashMap<>(errors);
      all.merge(field, message, (a, b) -> a + "; " + b);
      return new Row(hostname, path, service, options, Map.copyOf(all));
    }
  }

  private final List<Row> rows;
  private final String defaults;
  private final List<String> general;

  IngressForm(List<Row> rows, String defaults, List<String> general) {
    this.rows = List.copyOf(rows);
    this.defaults = trim(defaults);
    this.general = List.copyOf(general);
  }

  public List<Row> rows() {
    return rows;
  }

  /** Origin options for every rule (the configuration's top-level originRequest), as JSON. */
  public String defaults() {
    return defaults;
  }

  /** Messages about no particular row. */
  public List<String> general() {
    return general;
  }

  /** The stored configuration (null: none yet) as rows, with blank rows above the catch-all. */
  static IngressForm of(Map<String, Object> config, ObjectMapper json) {
    var rows = new ArrayList<Row>();
    String defaults = "";
    if (config != null) {
      if (config.get("ingress") instanceof List<?> rules) {
        for (var rule : rules) {
          if (rule instanceof Map<?, ?> r) {
            rows.add(
                new Row(
                    text(r.get("hostname")),
                    text(r.get("path")),
                    text(r.get("service")),
                    r.get("originRequest") == null ? "" : write(json, r.get("originRequest"))));
          }
        }
      }
      if (config.get("originRequest") != null) {
        defaults = write(json, config.get("originRequest"));
      }
    }
    if (rows.isEmpty()) {
      rows.add(new Row("", "", "http_status:404", ""));
    }
    return new IngressForm(rows, defaults, List.of()).withBlankRows();
  }

  /** The stored rules, for reading (no blank rows). */
  static List<Row> rulesOf(Map<String, Object> config, ObjectMapper json) {
    return config == null
        ? List.of()
        : of(config, json).rows().stream().filter(row -> !row.blank()).toList();
  }

  /** What the browser sent: the columns of the table, row by row. */
  static IngressForm submitted(
      List<String> hostnames,
      List<String> paths,
      List<String> services,
      List<String> options,
      String defaults) {
    int n =
        Math.max(Math.max(size(hostnames), size(paths)), Math.max(size(services), size(options)));
    var rows = new ArrayList<Row>();
    for (int i = 0; i < n; i++) {
      rows.add(new Row(at(hostnames, i), at(paths, i), at(services, i), at(options, i)));
    }
    return new IngressForm(rows, defaults, List.of());
  }

  /** Blank rows just above the last rule when it catches all, else at the end. */
  IngressForm withBlankRows() {
    var filled = rows.stream().filter(r -> !r.blank()).toList();
    var result = new ArrayList<>(filled);
    int at =
        !filled.isEmpty() && filled.get(filled.size() - 1).catchAll()
            ? filled.size() - 1
            : filled.size();
    for (int i = 0; i < BLANK_ROWS; i++) {
      result.add(at, new Row("", "", "", ""));
    }
    return new IngressForm(result, defaults, general);
  }

  /** The form with row {@code index} moved one place up ({@code -1}) or down ({@code +1}). */
  IngressForm move(int index, int delta) {
    int other = index + delta;
    if (index < 0 || index >= rows.size() || other < 0 || other >= rows.size()) {
      return this;
    }
    var result = new ArrayList<>(rows);
    result.set(index, rows.get(other));
    result.set(other, rows.get(index));
    return new IngressForm(result, defaults, general);
  }

  IngressForm remove(int index) {
    if (index < 0 || index >= rows.size()) {
      return this;
    }
    var result = new ArrayList<>(rows);
    result.remove(index);
    return new IngressForm(result, defaults, general);
  }

  /**
   * The configuration to send, or the form with the messages of its own checks (options that are
   * not JSON objects) when it cannot be sent.
   */
  Result toConfig(ObjectMapper json) {
    var ingress = new ArrayList<Map<String, Object>>();
    var checked = new ArrayList<Row>();
    boolean bad = false;
    for (var row : rows) {
      if (row.blank()) {
        checked.add(row);
        continue;
      }
      var rule = new LinkedHashMap<String, Object>();
      if (!row.hostname().isEmpty()) {
        rule.put("hostname", row.hostname());
      }
      if (!row.path().isEmpty()) {
        rule.put("path", row.path());
      }
      rule.put("service", row.service().isEmpty() ? null : row.service());
      if (!row.options().isEmpty()) {
        var options = read(json, row.options());
        if (options == null) {
          row = row.withError("options", "must be a JSON object such as {\"noTLSVerify\": true}");
          bad = true;
        } else {
          rule.put("originRequest", options);
        }
      }
      checked.add(row);
      ingress.add(rule);
    }
    var config = new LinkedHashMap<String, Object>();
    config.put("ingress", ingress);
    var general = new ArrayList<String>();
    if (!defaults.isEmpty()) {
      var options = read(json, defaults);
      if (options == null) {
        general.add(
            "Options for every rule must be a JSON object such as {\"connectTimeout\": \"10s\"}");
        bad = true;
      } else {
        config.put("originRequest", options);
      }
    }
    var form = new IngressForm(checked, defaults, general);
    return bad ? new Result(null, form) : new Result(config, form);
  }

  /** A configuration ready to send, or (config null) the form with what is wrong. */
  record Result(Map<String, Object> config, IngressForm form) {}

  /** The API's messages placed on the rows they are about (blank rows do not count). */
  IngressForm withProblem(ApiProblem problem) {
    var result = new ArrayList<>(rows);
    var filled = new ArrayList<Integer>();
    for (int i = 0; i < rows.size(); i++) {
      if (!rows.get(i).blank()) {
        filled.add(i);
      }
    }
    var general = new ArrayList<>(this.general);
    for (var error : problem.errors()) {
      Matcher m = error.field() == null ? null : RULE_FIELD.matcher(error.field());
      if (m != null && m.matches() && Integer.parseInt(m.group(1)) < filled.size()) {
        int row = filled.get(Integer.parseInt(m.group(1)));
        var field = column(m.group(2));
        result.set(row, result.get(row).withError(field, error.message()));
      } else {
        general.add(
            error.field() == null
                ? error.message()
                : error.field().replaceFirst("^config\\.", "") + ": " + error.message());
      }
    }
    if (problem.errors().isEmpty()) {
      general.add(problem.detail());
    }
    return new IngressForm(result, defaults, general);
  }

  private static String column(String apiField) {
    if (apiField == null) {
      return "rule";
    }
    return switch (apiField) {
      case "hostname", "path", "service" -> apiField;
      case "originRequest" -> "options";
      default -> "rule";
    };
  }

  private static Map<String, Object> read(ObjectMapper json, String text) {
    try {
      return json.readValue(text, OBJECT);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return null;
    }
  }

  private static String write(ObjectMapper json, Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a configuration read from JSON is JSON", e);
    }
  }

  private static String text(Object value) {
    return value == null ? "" : value.toString();
  }

  private static String trim(String value) {
    return value == null ? "" : value.trim();
  }

  private static int size(List<String> values) {
    return values == null ? 0 : values.size();
  }

  private static String at(List<String> values, int i) {
    return values == null || i >= values.size() ? "" : values.get(i);
  }
}
