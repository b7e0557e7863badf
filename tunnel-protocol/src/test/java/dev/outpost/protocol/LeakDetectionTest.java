package dev.outpost.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetector.Level;
import java.util.ArrayList;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The data plane's leak detector: off by default, the operator's level when one is given. */
class LeakDetectionTest {

  private Level before;

  @BeforeEach
  void remember() {
    before = ResourceLeakDetector.getLevel();
    ResourceLeakDetector.setLevel(Level.SIMPLE); // Netty's default
  }

  @AfterEach
  void restore() {
    ResourceLeakDetector.setLevel(before);
  }

  @Test
  void withoutALevelOfTheOperatorsTheDetectorIsOffAndNoBufferIsFollowed() {
    LeakDetection.offUnlessAsked(new Properties());

    assertThat(ResourceLeakDetector.getLevel()).isEqualTo(Level.DISABLED);
    // At SIMPLE, one buffer in 128 (on average) comes wrapped for the detector.
    assertThat(followedAmong(2_000)).isZero();
  }

  @Test
  void theDetectorFollowsBuffersAtNettysDefault() {
    // The other test's check would pass vacuously if no buffer were ever wrapped.
    assertThat(followedAmong(2_000)).isPositive();
  }

  @Test
  void aLevelTheOperatorAskedForStays() {
    var properties = new Properties();
    properties.setProperty(LeakDetection.LEVEL, "simple");
    LeakDetection.offUnlessAsked(properties);
    assertThat(ResourceLeakDetector.getLevel()).isEqualTo(Level.SIMPLE);

    var legacy = new Properties();
    legacy.setProperty(LeakDetection.LEGACY_LEVEL, "simple");
    LeakDetection.offUnlessAsked(legacy);
    assertThat(ResourceLeakDetector.getLevel()).isEqualTo(Level.SIMPLE);
  }

  private static long followedAmong(int count) {
    var buffers = new ArrayList<ByteBuf>();
    try {
      for (int i = 0; i < count; i++) {
        buffers.add(PooledByteBufAllocator.DEFAULT.directBuffer(64));
      }
      return buffers.stream()
          .filter(buffer -> buffer.getClass().getSimpleName().contains("LeakAware"))
          .count();
    } finally {
      buffers.forEach(ByteBuf::release);
    }
  }
}
