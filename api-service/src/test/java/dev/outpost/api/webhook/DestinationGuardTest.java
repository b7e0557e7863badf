package dev.outpost.api.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DestinationGuardTest {

  private final DestinationGuard guard = new DestinationGuard(false);

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "127.0.0.1       | loopback",
        "127.9.9.9       | loopback",
        "::1             | loopback",
        "0.0.0.0         | unspecified",
        "::              | unspecified",
        "10.1.2.3        | private",
        "172.16.0.1      | private",
        "172.31.255.255  | private",
        "192.168.1.1     | private",
        "169.254.169.254 | link-local",
        "fe80::1         | link-local",
        "fd00:ec2::254   | unique-local",
        "fc00::1         | unique-local",
        "100.64.0.1      | carrier-grade NAT",
        "224.0.0.1       | multicast",
        "ff02::1         | multicast",
        "240.0.0.1       | reserved",
        "198.18.0.1      | benchmarking",
        "::ffff:127.0.0.1 | loopback",
        "::ffff:10.0.0.1 | private",
        "64:ff9b::a9fe:a9fe | link-local",
      })
  void nonPublicAddressesAreRefusedWithTheReason(String address, String kind) throws Exception {
    var refusal = guard.refusal(InetAddress.getByName(address));
    assertThat(refusal).isPresent();
    assertThat(refusal.get()).contains(kind).contains("public addresses only");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"93.184.215.14", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700::1111"})
  void publicAddressesPass(String address) throws Exception {
    assertThat(guard.refusal(InetAddress.getByName(address))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "10.0.0.1", "169.254.169.254"})
  void anOperatorMayAllowPrivateDestinations(String address) throws Exception {
    assertThat(new DestinationGuard(true).refusal(InetAddress.getByName(address))).isEmpty();
  }
}
