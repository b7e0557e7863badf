package dev.outpost.infra.launcher;

import java.nio.file.Path;

/** The launcher's command line. */
record LauncherOptions(Path home, Path state, int portOffset, boolean help) {

  static final String USAGE =
      """
      Usage: outpost start [--state DIR] [--port-offset N]

      Starts PostgreSQL, Kafka, Keycloak and every Outpost service on this machine, keeps their
      data under the state folder, and stops them all on Ctrl-C.

        --state DIR        where data and logs live (default: .outpost in the project folder)
        --port-offset N    add N to every port, when the defaults are taken (default: 0)
        --home DIR         the project folder (default: the current folder)
        --help             this text
      """;

  static LauncherOptions parse(String... args) {
    Path home = Path.of("").toAbsolutePath();
    Path state = null;
    int offset = 0;
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--help", "-h" -> help = true;
        case "--state" -> state = Path.of(value(args, ++i, "--state"));
        case "--home" -> home = Path.of(value(args, ++i, "--home")).toAbsolutePath();
        case "--port-offset" -> {
          var text = value(args, ++i, "--port-offset");
          try {
            offset = Integer.parseInt(text);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                "--port-offset takes a whole number, not '" + text + "'");
          }
          if (offset < 0 || offset > 10000) {
            throw new IllegalArgumentException("--port-offset must be between 0 and 10000");
          }
        }
        default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
      }
    }
    if (state == null) {
      state = home.resolve(".outpost");
    }
    return new LauncherOptions(home, state.toAbsolutePath(), offset, help);
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length || args[index].startsWith("--")) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[index];
  }
}
