package dev.outpost.connector.tunnel;

import dev.outpost.connector.config.ConfigFile;
import dev.outpost.ingress.IngressRule;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code connector tunnel ingress validate|rule URL}, as in cloudflared. */
@Command(
    name = "ingress",
    mixinStandardHelpOptions = true,
    description = "Check the ingress rules of a config.yml.",
    subcommands = {IngressCommand.Validate.class, IngressCommand.Rule.class})
public final class IngressCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      description = "Check that the rules are valid.")
  static final class Validate implements Callable<Integer> {
    @CommandLine.ParentCommand IngressCommand ingress;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      var out = spec.commandLine().getOut();
      var file = ((TunnelCommand) ingress.spec.parent().userObject()).configFile();
      out.println("Validating rules from " + file);
      try {
        var config = ConfigFile.load(file);
        if (config.ingress() == null) {
          spec.commandLine().getErr().println(file + " has no ingress rules");
          return 1;
        }
        out.println("OK");
        return 0;
      } catch (ConfigFile.ConfigException e) {
        spec.commandLine().getErr().println(e.getMessage());
        return 1;
      }
    }
  }

  @Command(
      name = "rule",
      mixinStandardHelpOptions = true,
      description = "Show which rule a request to URL would match.")
  static final class Rule implements Callable<Integer> {
    @CommandLine.ParentCommand IngressCommand ingress;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "URL", description = "for example https://app.example.com/api/users")
    String url;

    @Override
    public Integer call() {
      URI uri;
      try {
        uri = new URI(url);
      } catch (URISyntaxException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "'" + url + "' is not a URL");
      }
      if (uri.getHost() == null) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "'" + url + "' has no host; write it as https://host/path");
      }
      var file = ((TunnelCommand) ingress.spec.parent().userObject()).configFile();
      var out = spec.commandLine().getOut();
      try {
        var config = ConfigFile.load(file);
        if (config.ingress() == null) {
          spec.commandLine().getErr().println(file + " has no ingress rules");
          return 1;
        }
        out.println("Using rules from " + file);
        var match = config.ingress().match(uri.getHost(), uri.getRawPath());
        out.println("Matched rule #" + (match.index() + 1));
        describe(match.rule(), out);
        return 0;
      } catch (ConfigFile.ConfigException e) {
        spec.commandLine().getErr().println(e.getMessage());
        return 1;
      }
    }

    private static void describe(IngressRule rule, java.io.PrintWriter out) {
      if (rule.hostname() != null) {
        out.println("\thostname: " + rule.hostname());
      }
      if (rule.path() != null) {
        out.println("\tpath: " + rule.path().pattern());
      }
      out.println("\tservice: " + rule.service());
    }
  }
}
