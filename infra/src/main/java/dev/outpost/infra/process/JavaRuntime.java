package dev.outpost.infra.process;

import java.nio.file.Path;

/** The JDK this JVM runs on, which the child JVMs (Kafka, Keycloak, the services) reuse. */
public final class JavaRuntime {

  private JavaRuntime() {}

  public static Path home() {
    return Path.of(System.getProperty("java.home"));
  }

  public static String javaExecutable() {
    return home().resolve("bin").resolve("java").toString();
  }

  public static int featureVersion() {
    return Runtime.version().feature();
  }
}
