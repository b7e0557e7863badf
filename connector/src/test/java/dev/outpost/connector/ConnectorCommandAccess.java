package dev.outpost.connector;

import java.io.PrintWriter;

/** Lets tests of sub-packages run the command line as main does. */
public final class ConnectorCommandAccess {
  private ConnectorCommandAccess() {}

  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    return ConnectorCommand.execute(out, err, args);
  }
}
