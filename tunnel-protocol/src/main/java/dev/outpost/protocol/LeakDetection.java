package dev.outpost.protocol;

import io.netty.util.ResourceLeakDetector;
import java.util.Properties;

/**
 * Netty's buffer-leak detector in the data-plane processes (edge and connector): off, unless the
 * operator asks for a level with {@code -Dio.netty.leakDetection.level=simple|advanced|paranoid},
 * e.g. to hunt a leak.
 *
 * <p>At its default level it follows one buffer in 128 and records a stack trace for each, and the
 * buffers it follows come in a wrapper class of their own, so the hottest call sites of the data
 * plane see two classes where they would see one. A profile of bench-tunnel put those stack traces
 * at about 3% of the edge's CPU (docs/protocol.md, "Speed"). The tests run it at paranoid.
 */
public final class LeakDetection {

  static final String LEVEL = "io.netty.leakDetection.level";

  /** The property's older name, which Netty still reads. */
  static final String LEGACY_LEVEL = "io.netty.leakDetectionLevel";

  private LeakDetection() {}

  /** Turns the detector off unless this JVM was started with a level for it. */
  public static void offUnlessAsked() {
    offUnlessAsked(System.getProperties());
  }

  static void offUnlessAsked(Properties properties) {
    if (properties.getProperty(LEVEL) == null && properties.getProperty(LEGACY_LEVEL) == null) {
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    }
  }
}
