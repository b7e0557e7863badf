package dev.outpost.connector.config;

import dev.outpost.ingress.IngressException;
import dev.outpost.ingress.IngressTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The connector's config.yml, in cloudflared's format so an existing user's file works: {@code
 * tunnel} (name or id), {@code credentials-file}, {@code ingress} rules and a global {@code
 * originRequest}. Keys the connector does not use (cloudflared's {@code logfile}, {@code
 * warp-routing} ...) are tolerated.
 *
 * @param source where it was read from
 * @param tunnel the {@code tunnel:} value, or null
 * @param credentialsFile the {@code credentials-file:} path, resolved against the file's folder
 * @param ingress the ingress rules, or null when the file has none (a remotely managed tunnel)
 */
public record ConfigFile(Path source, String tunnel, Path credentialsFile, IngressTable ingress) {

  /**
   * Where the connector looks when {@code --config} is not given: its own places, then
   * cloudflared's.
   */
  public static List<Path> defaultLocations() {
    var home = userHome();
    return List.of(
        home.resolve(".outpost/config.yml"),
        home.resolve(".outpost/config.yaml"),
        home.resolve(".cloudflared/config.yml"),
        home.resolve(".cloudflared/config.yaml"),
        Path.of("/etc/outpost/config.yml"),
        Path.of("/etc/cloudflared/config.yml"));
  }

  /**
   * The user's home folder: {@code $HOME} when set, as cloudflared and shells read it (the JVM's
   * {@code user.home} comes from the password database and ignores {@code HOME}).
   */
  public static Path userHome() {
    var home = System.getenv("HOME");
    return home != null && !home.isBlank()
        ? Path.of(home)
        : Path.of(System.getProperty("user.home"));
  }

  /** The first default location that exists. */
  public static Optional<Path> findDefault() {
    return defaultLocations().stream().filter(Files::isRegularFile).findFirst();
  }

  /** Reads and validates {@code file}; the exception's message is for the user. */
  public static ConfigFile load(Path file) throws ConfigException {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("there is no configuration file at " + file);
    }
    Object document;
    try {
      var yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
      document = yaml.load(Files.readString(file));
    } catch (MarkedYAMLException e) {
      var mark = e.getProblemMark();
      throw new ConfigException(
          file
              + " is not valid YAML at line "
              + (mark.getLine() + 1)
              + ", column "
              + (mark.getColumn() + 1)
              + ": "
              + e.getProblem());
    } catch (YAMLException | IOException e) {
      throw new ConfigException("cannot read " + file + ": " + e.getMessage());
    }
    if (document == null) {
      document = Map.of();
    }
    if (!(document instanceof Map<?, ?> map)) {
      throw new ConfigException(file + " must hold a YAML mapping (key: value lines) at the top");
    }
    @SuppressWarnings("unchecked")
    var config = (Map<String, Object>) map;
    IngressTable ingress = null;
    if (config.get("ingress") != null) {
      try {
        ingress = IngressTable.parse(config);
      } catch (IngressException e) {
        throw new ConfigException(file + " has invalid ingress rules:\n" + e.getMessage(), e);
      }
    }
    var tunnel = config.get("tunnel") == null ? null : config.get("tunnel").toString();
    Path credentials = null;
    if (config.get("credentials-file") != null) {
      var written = config.get("credentials-file").toString();
      // cloudflared expands a leading ~ itself, so existing files use it.
      credentials =
          written.equals("~") || written.startsWith("~/")
              ? userHome().resolve(written.substring(Math.min(2, written.length())))
              : file.toAbsolutePath().getParent().resolve(written);
    }
    return new ConfigFile(file, tunnel, credentials, ingress);
  }

  /** A configuration the connector cannot use, with a message for the user. */
  public static final class ConfigException extends Exception {
    public ConfigException(String message) {
      super(message);
    }

    public ConfigException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
