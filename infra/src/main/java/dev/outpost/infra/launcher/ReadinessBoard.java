package dev.outpost.infra.launcher;

import dev.outpost.infra.process.ResidentMemory;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints the state of every component whenever one changes (starting, ready, not ready, exited), so
 * the terminal shows live readiness without redrawing tricks that break in log files.
 *
 * <p>Confined to the launcher's main thread.
 */
final class ReadinessBoard {

  enum State {
    STARTING,
    READY,
    NOT_READY,
    EXITED
  }

  private final PrintStream out;
  private final List<Component> components = new ArrayList<>();
  private final Map<String, State> states = new HashMap<>();
  private final Map<String, Boolean> everReady = new HashMap<>();

  ReadinessBoard(PrintStream out) {
    this.out = out;
  }

  /** Adds a component that is starting, and says so. */
  void add(Component component) {
    components.add(component);
    states.put(component.name(), State.STARTING);
    everReady.put(component.name(), false);
    announce(out, State.STARTING, component.name(), component.address());
  }

  /** Adds a component whose readiness was already announced. */
  void addReady(Component component) {
    components.add(component);
    states.put(component.name(), State.READY);
    everReady.put(component.name(), true);
  }

  /** One line of the board; shared with the launcher's own start-up lines. */
  static void announce(PrintStream out, State state, String name, String address) {
    out.printf("  %-10s %-16s %s%n", label(state), name, address);
  }

  /** Probes every component once and prints those whose state changed. */
  void poll() {
    for (var component : components) {
      var now = probe(component);
      var before = states.put(component.name(), now);
      if (now != before) {
        announce(out, now, component.name(), component.address());
      }
    }
  }

  private State probe(Component component) {
    if (!component.alive().getAsBoolean()) {
      return State.EXITED;
    }
    if (component.ready().getAsBoolean()) {
      everReady.put(component.name(), true);
      return State.READY;
    }
    return everReady.get(component.name()) ? State.NOT_READY : State.STARTING;
  }

  private static String label(State state) {
    return switch (state) {
      case STARTING -> "starting";
      case READY -> "ready";
      case NOT_READY -> "NOT READY";
      case EXITED -> "EXITED";
    };
  }

  boolean allReady() {
    return states.values().stream().allMatch(s -> s == State.READY);
  }

  List<Component> exited() {
    return components.stream().filter(c -> states.get(c.name()) == State.EXITED).toList();
  }

  /** Resident memory of every component, for the user and for capacity notes. */
  void printMemory() {
    out.println("Resident memory:");
    long total = ResidentMemory.ofPid(ProcessHandle.current().pid());
    out.printf("  %-16s %6d MiB%n", "launcher", total / 1024);
    for (var component : components) {
      long kib = component.residentKib().getAsLong();
      total += kib;
      out.printf("  %-16s %6d MiB%n", component.name(), kib / 1024);
    }
    out.printf("  %-16s %6d MiB%n", "total", total / 1024);
  }
}
