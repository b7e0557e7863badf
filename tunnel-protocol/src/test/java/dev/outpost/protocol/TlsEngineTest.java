package dev.outpost.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.ReferenceCountedOpenSslContext;
import org.junit.jupiter.api.Test;

/**
 * The data plane's TLS runs on BoringSSL (netty-tcnative), not on the JDK's engine, which costs
 * several times the CPU per record. Netty falls back to the JDK silently when the native library
 * does not load, so this is checked here rather than noticed in a benchmark.
 */
class TlsEngineTest {

  @Test
  void boringSslLoadsOnThisPlatform() {
    assertThat(OpenSsl.isAvailable())
        .as("netty-tcnative did not load: %s", OpenSsl.unavailabilityCause())
        .isTrue();
    assertThat(OpenSsl.supportsKeyManagerFactory()).isTrue();
  }

  @Test
  void theTunnelsServerAndClientContextsAreBoringSsl() throws Exception {
    assertThat(TestTls.server()).isInstanceOf(ReferenceCountedOpenSslContext.class);
    assertThat(TestTls.client()).isInstanceOf(ReferenceCountedOpenSslContext.class);
  }
}
