package dev.outpost.access.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The applications the router protects, found by a request's host and path. Immutable and safe to
 * share between threads: {@link #with} and {@link #without} return a new table that shares all
 * other hosts' entries, so the router rebuilds it cheaply on each change and swaps it atomically.
 *
 * <p><b>Matching.</b> The hostname is compared exactly, ASCII case-insensitively, ignoring one
 * trailing dot ({@code wiki.acme.example.} is the same name). Among that host's applications the
 * longest {@code pathPrefix} that matches on a segment boundary wins: {@code /admin} matches {@code
 * /admin} and {@code /admin/x}, not {@code /administrator}; {@code /} matches every path. Two
 * applications with the same host and prefix should not exist (the access-service keeps them
 * unique); if they do, the one with the smaller id wins, so every router picks the same.
 *
 * <p><b>The caller's part.</b> Pass the host without its port, and the path without its query
 * string, in the same form the router forwards to the origin: a path that the origin would read
 * differently from its text here (percent-encoding, "//", "." segments) must be normalized before
 * matching, or it could reach the origin past a path-scoped application.
 */
public final class ApplicationTable {
  /** A table with no applications. */
  public static final ApplicationTable EMPTY = new ApplicationTable(Map.of(), Map.of());

  private static final Comparator<CompiledApplication> LONGEST_PREFIX_FIRST =
      Comparator.<CompiledApplication>comparingInt(a -> -a.pathPrefix().length())
          .thenComparing(a -> a.application().id());

  private final Map<UUID, CompiledApplication> byId;
  // Each host's applications, longest prefix first; arrays are never modified once in a table.
  private final Map<String, CompiledApplication[]> byHost;

  private ApplicationTable(
      Map<UUID, CompiledApplication> byId, Map<String, CompiledApplication[]> byHost) {
    this.byId = byId;
    this.byHost = byHost;
  }

  /** A table of these applications; of two with the same id, the higher revision is kept. */
  public static ApplicationTable of(Collection<CompiledApplication> applications) {
    ApplicationTable table = EMPTY;
    for (CompiledApplication application : applications) {
      table = table.with(application);
    }
    return table;
  }

  /**
   * This table with the application added or replacing the one with its id (whose hostname or path
   * may have changed). An application older than the one in the table (a lower revision) is
   * ignored: this table is returned.
   */
  public ApplicationTable with(CompiledApplication application) {
    UUID id = application.application().id();
    CompiledApplication old = byId.get(id);
    if (old != null && old.application().revision() > application.application().revision()) {
      return this;
    }
    Map<UUID, CompiledApplication> ids = new HashMap<>(byId);
    ids.put(id, application);
    Map<String, CompiledApplication[]> hosts = new HashMap<>(byHost);
    if (old != null) {
      remove(hosts, old);
    }
    CompiledApplication[] entry =
        hosts.getOrDefault(application.hostname(), new CompiledApplication[0]);
    CompiledApplication[] grown = Arrays.copyOf(entry, entry.length + 1);
    grown[entry.length] = application;
    Arrays.sort(grown, LONGEST_PREFIX_FIRST);
    hosts.put(application.hostname(), grown);
    return new ApplicationTable(Map.copyOf(ids), Map.copyOf(hosts));
  }

  /** This table without the application with this id; this table if it has none. */
  public ApplicationTable without(UUID id) {
    CompiledApplication old = byId.get(id);
    if (old == null) {
      return this;
    }
    Map<UUID, CompiledApplication> ids = new HashMap<>(byId);
    ids.remove(id);
    Map<String, CompiledApplication[]> hosts = new HashMap<>(byHost);
    remove(hosts, old);
    return new ApplicationTable(Map.copyOf(ids), Map.copyOf(hosts));
  }

  /**
   * The application that protects a request, if any.
   *
   * @param host the request's host without its port, any case; null for none
   * @param path the request's path without its query string; null or "" is taken as "/"
   */
  public Optional<CompiledApplication> match(String host, String path) {
    if (host == null) {
      return Optional.empty();
    }
    CompiledApplication[] candidates = byHost.get(normalizeHost(host));
    if (candidates == null) {
      return Optional.empty();
    }
    String requestPath = path == null || path.isEmpty() ? "/" : path;
    for (CompiledApplication candidate : candidates) {
      if (prefixMatches(candidate.pathPrefix(), requestPath)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * Every application on this host, longest prefix first; empty when the host has none. For the
   * edge's own paths ({@code /.outpost/...}), which exist on a host as soon as any application
   * protects part of it.
   *
   * @param host the request's host without its port, any case
   */
  public List<CompiledApplication> onHost(String host) {
    if (host == null) {
      return List.of();
    }
    CompiledApplication[] candidates = byHost.get(normalizeHost(host));
    return candidates == null ? List.of() : List.of(candidates);
  }

  /** The application with this id, if the table has it. */
  public Optional<CompiledApplication> get(UUID id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** All applications, in no particular order. */
  public Collection<CompiledApplication> applications() {
    return byId.values();
  }

  public int size() {
    return byId.size();
  }

  @Override
  public String toString() {
    List<String> entries = new ArrayList<>();
    for (CompiledApplication application : byId.values()) {
      entries.add(application.hostname() + application.pathPrefix());
    }
    entries.sort(null);
    return "ApplicationTable" + entries;
  }

  static boolean prefixMatches(String prefix, String path) {
    if (prefix.length() == 1) {
      return true;
    }
    return path.startsWith(prefix)
        && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
  }

  private static String normalizeHost(String host) {
    String lower = Ascii.lowercase(host);
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }

  private static void remove(Map<String, CompiledApplication[]> hosts, CompiledApplication old) {
    CompiledApplication[] entry = hosts.get(old.hostname());
    CompiledApplication[] kept =
        Arrays.stream(entry).filter(a -> a != old).toArray(CompiledApplication[]::new);
    if (kept.length == 0) {
      hosts.remove(old.hostname());
    } else {
      hosts.put(old.hostname(), kept);
    }
  }
}
