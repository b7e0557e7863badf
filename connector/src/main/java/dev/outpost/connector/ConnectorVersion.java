package dev.outpost.connector;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version the build wrote into {@code connector-version.properties}. */
public final class ConnectorVersion {

  public String get() {
    var properties = new Properties();
    try (InputStream in =
        ConnectorVersion.class.getResourceAsStream("/connector-version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("version", "unknown");
  }
}
