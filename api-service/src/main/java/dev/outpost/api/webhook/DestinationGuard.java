package dev.outpost.api.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Refuses webhook destinations a tenant must not reach through us (server-side request forgery):
 * loopback, private, link-local (cloud metadata at 169.254.169.254 among them), carrier-grade NAT,
 * unique-local IPv6, multicast and unspecified addresses. Checked on the address a delivery is
 * about to connect to, after DNS resolution, so a name that resolves to a private address later is
 * caught too. An operator may allow them all (local trials, tests).
 */
public final class DestinationGuard {

  private final boolean allowPrivate;

  public DestinationGuard(boolean allowPrivate) {
    this.allowPrivate = allowPrivate;
  }

  /** Why a delivery may not connect to {@code address}, or empty when it may. */
  public Optional<String> refusal(InetAddress address) {
    if (allowPrivate) {
      return Optional.empty();
    }
    var kind = kind(address);
    return kind == null
        ? Optional.empty()
        : Optional.of(
            "the destination resolves to "
                + address.getHostAddress()
                + ", "
                + kind
                + "; webhooks go to public addresses only");
  }

  /** What kind of non-public address this is, or null for a public one. */
  static String kind(InetAddress address) {
    if (address instanceof Inet6Address v6) {
      var bytes = v6.getAddress();
      var mapped = embeddedIpv4(bytes);
      if (mapped != null) {
        return kind(mapped);
      }
      if ((bytes[0] & 0xfe) == 0xfc) {
        return "a unique-local IPv6 address";
      }
    }
    if (address.isLoopbackAddress()) {
      return "a loopback address";
    }
    if (address.isAnyLocalAddress()) {
      return "the unspecified address";
    }
    if (address.isLinkLocalAddress()) {
      return "a link-local address (cloud metadata lives there)";
    }
    if (address.isSiteLocalAddress()) {
      return "a private address";
    }
    if (address.isMulticastAddress()) {
      return "a multicast address";
    }
    if (address instanceof Inet4Address) {
      var b = address.getAddress();
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      if (first == 100 && second >= 64 && second <= 127) {
        return "a carrier-grade NAT address";
      }
      if (first == 0) {
        return "a \"this network\" address";
      }
      if (first >= 240) {
        return "a reserved address";
      }
      if (first == 198 && (second == 18 || second == 19)) {
        return "a benchmarking address";
      }
    }
    return null;
  }

  /** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::/96) one. */
  private static InetAddress embeddedIpv4(byte[] v6) {
    boolean mapped = true;
    for (int i = 0; i < 10; i++) {
      mapped &= v6[i] == 0;
    }
    mapped &= (v6[10] & 0xff) == 0xff && (v6[11] & 0xff) == 0xff;
    boolean nat64 =
        v6[0] == 0 && (v6[1] & 0xff) == 0x64 && (v6[2] & 0xff) == 0xff && (v6[3] & 0xff) == 0x9b;
    for (int i = 4; nat64 && i < 12; i++) {
      nat64 = v6[i] == 0;
    }
    if (!mapped && !nat64) {
      return null;
    }
    try {
      return InetAddress.getByAddress(new byte[] {v6[12], v6[13], v6[14], v6[15]});
    } catch (java.net.UnknownHostException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
