package dev.outpost.connector;

import dev.outpost.connector.access.AccessCommand;
import dev.outpost.connector.tunnel.TunnelCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code connector} command line: the entry point of the agent a tenant runs. */
@Command(
    name = "connector",
    mixinStandardHelpOptions = true,
    versionProvider = ConnectorCommand.Version.class,
    subcommands = {TunnelCommand.class, AccessCommand.class},
    description = {
      "Outpost connector: exposes services on this network through an outbound-only tunnel.",
      "",
      "It dials out to the Outpost edge and never listens for the public, so the firewall in"
          + " front of it can drop every inbound packet."
    },
    footer = {"", "Documentation: connector/README.md in the Outpost repository."})
public final class ConnectorCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    // Without a subcommand there is nothing to do but explain what there is.
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(
        execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs the command line and returns its exit code: 0 ok, 2 for a usage error. */
  static int execute(PrintWriter out, PrintWriter err, String... args) {
    return new CommandLine(new ConnectorCommand()).setOut(out).setErr(err).execute(args);
  }

  /** The version line of {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "Outpost connector " + new ConnectorVersion().get(),
        "Java "
            + Runtime.version()
            + " on "
            + System.getProperty("os.name")
            + " "
            + System.getProperty("os.arch")
      };
    }
  }
}
