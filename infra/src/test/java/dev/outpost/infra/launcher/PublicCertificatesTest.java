package dev.outpost.infra.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.protocol.EdgeCertificates;
import dev.outpost.protocol.edge.PublicCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local platform's public HTTPS certificate: made once, for the example zones. */
class PublicCertificatesTest {

  @Test
  void theExampleZonesGetACertificateOnceAndTheRouterCanLoadIt(@TempDir Path state)
      throws Exception {
    var tls = EdgeCertificates.inFolder(state.resolve("tls"));
    var folder = Launcher.publicCertificates(tls, state.resolve("tls/public"));
    var store = folder.resolve("local-zones.p12");
    assertThat(store).isRegularFile();
    var made = Files.getLastModifiedTime(store);

    Launcher.publicCertificates(tls, folder); // a second start keeps it
    assertThat(Files.getLastModifiedTime(store)).isEqualTo(made);

    var loaded = PublicCertificates.load(folder, EdgeCertificates.PASSWORD.toCharArray());
    assertThat(loaded.names()).containsAll(Launcher.LOCAL_ZONE_NAMES);
  }
}
