package dev.outpost.access.policy;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/** IP address blocks in CIDR notation. Pure: never resolves a name. */
final class Cidr {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]+");

  private Cidr() {}

  /**
   * The block in its given form (lower case; a bare address becomes a /32 or /128), or a message
   * saying what is wrong with it.
   */
  static Result parse(String value) {
    if (value == null || value.isBlank()) {
      return error("is required: an address block such as 192.0.2.0/24 or 2001:db8::/32");
    }
    var text = value.trim().toLowerCase(Locale.ROOT);
    var slash = text.indexOf('/');
    var address = slash < 0 ? text : text.substring(0, slash);
    boolean v4 = IPV4.matcher(address).matches();
    boolean v6 = !v4 && address.contains(":") && IPV6.matcher(address).matches();
    if (!v4 && !v6) {
      return error("'" + value + "' is not an IPv4 or IPv6 address block such as 192.0.2.0/24");
    }
    byte[] bytes;
    try {
      // Only literals reach here (checked above), so no name is looked up.
      bytes = InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      return error("'" + address + "' is not a valid IP address");
    }
    if (v4 && bytes.length != 4 || v6 && bytes.length != 16) {
      return error("'" + address + "' is not a valid IP address");
    }
    int bits = bytes.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(text.substring(slash + 1));
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      if (prefix < 0 || prefix > bits) {
        return error("the prefix length after '/' must be between 0 and " + bits);
      }
    }
    var number = new BigInteger(1, bytes);
    var hostBits = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
    if (!number.and(hostBits).equals(BigInteger.ZERO)) {
      var network = number.andNot(hostBits).toByteArray();
      return error(
          "has bits set after the /"
              + prefix
              + " prefix; the block is "
              + format(network, bytes.length)
              + "/"
              + prefix);
    }
    return new Result(address + "/" + prefix, null);
  }

  private static String format(byte[] number, int length) {
    var bytes = new byte[length];
    int copy = Math.min(number.length, length);
    System.arraycopy(number, number.length - copy, bytes, length - copy, copy);
    try {
      return InetAddress.getByAddress(bytes).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Result error(String message) {
    return new Result(null, message);
  }

  record Result(String block, String error) {}
}
