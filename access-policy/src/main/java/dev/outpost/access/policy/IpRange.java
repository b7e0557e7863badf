package dev.outpost.access.policy;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A range of client addresses in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32}) or one
 * address ({@code 192.0.2.7}, {@code ::1}). Parsed without any name lookup; immutable.
 *
 * <p>Every address is compared as an IPv6 address, IPv4 ones mapped to {@code ::ffff:a.b.c.d}. So
 * an IPv4 range matches IPv4 clients and IPv4-mapped IPv6 clients ({@code ::ffff:10.1.2.3} is in
 * {@code 10.0.0.0/8}); {@code 0.0.0.0/0} is every IPv4 client and no other; an IPv6 range matches
 * an IPv4 client only when it contains the mapped form, so {@code ::/0} is every client.
 *
 * <p>Strict on input: an IPv4 part is four decimal numbers 0-255 without leading zeros (which some
 * readers take as octal), no zone id ({@code %eth0}), and no bits set after the prefix ({@code
 * 10.0.0.1/8} is refused with a suggestion of {@code 10.0.0.0/8}).
 */
public final class IpRange {
  private static final long MAPPED_HIGH = 0L;
  private static final long MAPPED_LOW = 0x0000_ffff_0000_0000L;

  private final long networkHigh;
  private final long networkLow;
  private final long maskHigh;
  private final long maskLow;
  private final boolean ipv4;
  private final int prefixLength;

  private IpRange(long high, long low, boolean ipv4, int prefixLength) {
    int bits = ipv4 ? 96 + prefixLength : prefixLength;
    this.maskHigh = mask(bits);
    this.maskLow = mask(bits - 64);
    this.networkHigh = high;
    this.networkLow = low;
    this.ipv4 = ipv4;
    this.prefixLength = prefixLength;
  }

  /**
   * Reads a range or a single address.
   *
   * @throws IllegalArgumentException with what is wrong, for the person who wrote it
   */
  public static IpRange parse(String text) {
    Objects.requireNonNull(text, "text");
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    boolean ipv4 = address.indexOf(':') < 0;
    long high;
    long low;
    if (ipv4) {
      high = MAPPED_HIGH;
      low = MAPPED_LOW | (parseIpv4(address) & 0xffff_ffffL);
    } else {
      long[] parsed = parseIpv6(address);
      high = parsed[0];
      low = parsed[1];
    }
    int maxPrefix = ipv4 ? 32 : 128;
    int prefixLength = slash < 0 ? maxPrefix : parsePrefix(text.substring(slash + 1), maxPrefix);
    IpRange range = new IpRange(high, low, ipv4, prefixLength);
    if ((high & ~range.maskHigh) != 0 || (low & ~range.maskLow) != 0) {
      IpRange network = new IpRange(high & range.maskHigh, low & range.maskLow, ipv4, prefixLength);
      throw new IllegalArgumentException(
          "bits are set after the /" + prefixLength + " prefix; did you mean " + network + "?");
    }
    return range;
  }

  /** Whether the address is in this range. */
  public boolean contains(InetAddress address) {
    byte[] bytes = address.getAddress();
    return contains(high(bytes), low(bytes));
  }

  boolean contains(long high, long low) {
    return (high & maskHigh) == networkHigh && (low & maskLow) == networkLow;
  }

  /** The prefix length in the range's own family: 0-32 for IPv4, 0-128 for IPv6. */
  public int prefixLength() {
    return prefixLength;
  }

  public boolean isIpv4() {
    return ipv4;
  }

  /** The canonical CIDR text: {@code 10.0.0.0/8}, {@code 2001:db8::/32}. */
  @Override
  public String toString() {
    String address;
    if (ipv4) {
      int v4 = (int) networkLow;
      address =
          (v4 >>> 24) + "." + ((v4 >>> 16) & 0xff) + "." + ((v4 >>> 8) & 0xff) + "." + (v4 & 0xff);
    } else {
      address = ipv6Text(networkHigh, networkLow);
    }
    return address + "/" + prefixLength;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof IpRange that
        && networkHigh == that.networkHigh
        && networkLow == that.networkLow
        && ipv4 == that.ipv4
        && prefixLength == that.prefixLength;
  }

  @Override
  public int hashCode() {
    return Objects.hash(networkHigh, networkLow, ipv4, prefixLength);
  }

  /** The first 64 bits of an address of 4 or 16 bytes, IPv4 mapped into IPv6. */
  static long high(byte[] address) {
    return address.length == 4 ? MAPPED_HIGH : bytes(address, 0);
  }

  /** The last 64 bits of an address of 4 or 16 bytes, IPv4 mapped into IPv6. */
  static long low(byte[] address) {
    return address.length == 4 ? MAPPED_LOW | (bytes(address, 0) >>> 32) : bytes(address, 8);
  }

  // Big-endian, up to 8 bytes from offset, left-aligned.
  private static long bytes(byte[] address, int offset) {
    long value = 0;
    int end = Math.min(offset + 8, address.length);
    for (int i = offset; i < offset + 8; i++) {
      value = (value << 8) | (i < end ? address[i] & 0xff : 0);
    }
    return value;
  }

  private static long mask(int bits) {
    if (bits <= 0) {
      return 0;
    }
    return bits >= 64 ? -1L : -1L << (64 - bits);
  }

  private static int parsePrefix(String text, int max) {
    if (text.isEmpty() || text.length() > 3 || !allDigits(text)) {
      throw new IllegalArgumentException(
          "the prefix length after '/' must be a number from 0 to " + max);
    }
    int value = Integer.parseInt(text);
    if (value > max) {
      throw new IllegalArgumentException(
          "the prefix length must be 0 to " + max + " for " + (max == 32 ? "IPv4" : "IPv6"));
    }
    return value;
  }

  private static int parseIpv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException(
          "expected an IPv4 address (four numbers 0-255 separated by dots, as in 10.0.0.0) or an"
              + " IPv6 address");
    }
    int value = 0;
    for (String part : parts) {
      value = (value << 8) | ipv4Octet(part);
    }
    return value;
  }

  private static int ipv4Octet(String part) {
    if (part.isEmpty() || part.length() > 3 || !allDigits(part)) {
      throw new IllegalArgumentException(
          "'" + part + "' is not a number 0-255; an IPv4 address is written as in 10.0.0.0");
    }
    if (part.length() > 1 && part.charAt(0) == '0') {
      throw new IllegalArgumentException(
          "'" + part + "' has a leading zero, which some read as octal; write it without");
    }
    int octet = Integer.parseInt(part);
    if (octet > 255) {
      throw new IllegalArgumentException("'" + part + "' is more than 255");
    }
    return octet;
  }

  // RFC 4291 section 2.2: eight groups of 1-4 hex digits, one "::" for a run of zero groups, and
  // optionally an IPv4 address in place of the last two groups.
  private static long[] parseIpv6(String text) {
    if (text.indexOf('%') >= 0) {
      throw new IllegalArgumentException("remove the zone id ('%...'); it has no meaning here");
    }
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      throw new IllegalArgumentException("'::' may appear only once in an IPv6 address");
    }
    int[] groups = new int[8];
    int count;
    if (gap < 0) {
      count = groups(text, groups, 0);
      if (count != 8) {
        throw new IllegalArgumentException(
            "an IPv6 address has 8 groups, or '::' in place of zero groups; this has " + count);
      }
    } else {
      int[] tail = new int[8];
      int head = gap == 0 ? 0 : groups(text.substring(0, gap), groups, 0, false);
      String tailText = text.substring(gap + 2);
      int tailCount = tailText.isEmpty() ? 0 : groups(tailText, tail, 0);
      if (head + tailCount > 7) {
        throw new IllegalArgumentException(
            "an IPv6 address with '::' has at most 7 other groups; this has " + (head + tailCount));
      }
      System.arraycopy(tail, 0, groups, 8 - tailCount, tailCount);
    }
    long high = 0;
    long low = 0;
    for (int i = 0; i < 4; i++) {
      high = (high << 16) | groups[i];
      low = (low << 16) | groups[i + 4];
    }
    return new long[] {high, low};
  }

  private static int groups(String text, int[] into, int from) {
    return groups(text, into, from, true);
  }

  // Reads "a:b:c" (the last possibly a dotted IPv4 address) into `into`; returns how many groups.
  private static int groups(String text, int[] into, int from, boolean ipv4Last) {
    String[] parts = text.split(":", -1);
    int count = from;
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (ipv4Last && i == parts.length - 1 && part.indexOf('.') >= 0) {
        if (count + 2 > into.length) {
          throw new IllegalArgumentException("an IPv6 address has at most 8 groups");
        }
        int v4 = parseIpv4(part);
        into[count++] = v4 >>> 16;
        into[count++] = v4 & 0xffff;
        continue;
      }
      if (part.isEmpty()) {
        throw new IllegalArgumentException(
            "an IPv6 address has an empty group (a stray ':'); use '::' once for zero groups");
      }
      if (part.length() > 4 || !allHex(part)) {
        throw new IllegalArgumentException(
            "'" + part + "' is not a group of an IPv6 address (1 to 4 hex digits)");
      }
      if (count == into.length) {
        throw new IllegalArgumentException("an IPv6 address has at most 8 groups");
      }
      into[count++] = Integer.parseInt(part, 16);
    }
    return count - from;
  }

  private static boolean allDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean allHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
        return false;
      }
    }
    return true;
  }

  // RFC 5952: lowercase, no leading zeros, the longest run of two or more zero groups as "::".
  private static String ipv6Text(long high, long low) {
    int[] groups = new int[8];
    for (int i = 0; i < 4; i++) {
      groups[i] = (int) (high >>> (48 - 16 * i)) & 0xffff;
      groups[i + 4] = (int) (low >>> (48 - 16 * i)) & 0xffff;
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }
}
