package dev.outpost.connector.tunnel;

import dev.outpost.connector.config.ConfigFile;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code connector tunnel ...}: everything about running and checking a tunnel. */
@Command(
    name = "tunnel",
    mixinStandardHelpOptions = true,
    description = "Run, check and manage tunnels.",
    subcommands = {
      RunCommand.class,
      IngressCommand.class,
      TunnelAdminCommands.Create.class,
      TunnelAdminCommands.ListTunnels.class,
      TunnelAdminCommands.Info.class,
      TunnelAdminCommands.Route.class,
      TunnelAdminCommands.Token.class,
      TunnelAdminCommands.Delete.class
    })
public final class TunnelCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--config",
      scope = CommandLine.ScopeType.INHERIT,
      description =
          "config.yml to use (cloudflared's format). Default: the first of ~/.outpost/config.yml, ~/.cloudflared/config.yml, /etc/outpost/config.yml, /etc/cloudflared/config.yml")
  Path config;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The configuration file to use, or a usage error naming where we looked. */
  Path configFile() {
    if (config != null) {
      return config;
    }
    return ConfigFile.findDefault()
        .orElseThrow(
            () ->
                new CommandLine.ParameterException(
                    spec.commandLine(),
                    "no configuration file found; pass --config FILE (looked in "
                        + String.join(
                            ", ",
                            ConfigFile.defaultLocations().stream().map(Path::toString).toList())
                        + ")"));
  }
}
