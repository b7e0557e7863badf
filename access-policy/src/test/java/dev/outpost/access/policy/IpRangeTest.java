package dev.outpost.access.policy;

import static dev.outpost.access.policy.Fixtures.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpRangeTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "10.0.0.0/8,                 10.0.0.0/8",
    "192.0.2.7,                  192.0.2.7/32",
    "192.0.2.7/32,               192.0.2.7/32",
    "0.0.0.0/0,                  0.0.0.0/0",
    "255.255.255.255,            255.255.255.255/32",
    "::/0,                       ::/0",
    "::,                         ::/128",
    "::1,                        ::1/128",
    "1::,                        1::/128",
    "2001:DB8::/32,              2001:db8::/32",
    "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1/128",
    "2001:db8:0:1:0:0:0:0/64,    2001:db8:0:1::/64",
    "1:0:0:2:0:0:0:3,            1:0:0:2::3/128",
    "1:2:3:4:5:6:7:8,            1:2:3:4:5:6:7:8/128",
    "::ffff:10.0.0.0/104,        ::ffff:a00:0/104",
    "64:ff9b::192.0.2.33,        64:ff9b::c000:221/128",
  })
  void parsesToCanonicalForm(String text, String canonical) {
    IpRange range = IpRange.parse(text);

    assertThat(range).hasToString(canonical);
    assertThat(IpRange.parse(canonical)).isEqualTo(range);
  }

  @ParameterizedTest(name = "''{0}'': {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "10.0.0.0/33        | the prefix length must be 0 to 32 for IPv4",
        "::/129             | the prefix length must be 0 to 128 for IPv6",
        "10.0.0.0/          | the prefix length after '/' must be a number from 0 to 32",
        "10.0.0.0/-1        | the prefix length after '/' must be a number from 0 to 32",
        "10.0.0.0/8/8       | the prefix length after '/' must be a number from 0 to 32",
        "10.0.0.1/8         | bits are set after the /8 prefix; did you mean 10.0.0.0/8?",
        "2001:db8::1/32     | bits are set after the /32 prefix; did you mean 2001:db8::/32?",
        "10.0.0.256         | '256' is more than 255",
        "10.0.0             | expected an IPv4 address (four numbers 0-255",
        "10.0.0.0.0         | expected an IPv4 address",
        "010.0.0.1          | '010' has a leading zero",
        "10.0.0.x           | 'x' is not a number 0-255",
        "١٠.0.0.1           | is not a number 0-255",
        "wiki.acme.example  | expected an IPv4 address",
        "1:2:3:4:5:6:7      | an IPv6 address has 8 groups, or '::' in place of zero groups; this has 7",
        "1:2:3:4:5:6:7:8:9  | an IPv6 address has at most 8 groups",
        "1:2:3:4:5:6:7::8   | an IPv6 address with '::' has at most 7 other groups; this has 8",
        "1::2::3            | '::' may appear only once",
        ":1::               | an IPv6 address has an empty group",
        "1:2:3:4:5:6:7:     | an IPv6 address has an empty group",
        "12345::            | '12345' is not a group of an IPv6 address",
        "g::                | 'g' is not a group of an IPv6 address",
        "fe80::1%eth0       | remove the zone id",
        "::ffff:1.2.3       | expected an IPv4 address",
        "1:2:3:4:5:6:7:1.2.3.4 | an IPv6 address has at most 8 groups",
      })
  void refusesWithAReason(String text, String reason) {
    assertThatThrownBy(() -> IpRange.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(reason);
  }

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource({
    // IPv4 /0: every IPv4 address, and no IPv6 one.
    "0.0.0.0/0,                 0.0.0.0,                      true",
    "0.0.0.0/0,                 255.255.255.255,              true",
    "0.0.0.0/0,                 mapped:1.2.3.4,               true",
    "0.0.0.0/0,                 ::1,                          false",
    "0.0.0.0/0,                 2001:db8::1,                  false",
    // IPv6 /0: every address, IPv4 ones by their mapped form.
    "::/0,                      ::1,                          true",
    "::/0,                      1.2.3.4,                      true",
    // Boundaries of an IPv4 range.
    "10.0.0.0/8,                10.0.0.0,                     true",
    "10.0.0.0/8,                10.255.255.255,               true",
    "10.0.0.0/8,                9.255.255.255,                false",
    "10.0.0.0/8,                11.0.0.0,                     false",
    "10.0.0.0/31,               10.0.0.1,                     true",
    "10.0.0.0/31,               10.0.0.2,                     false",
    "192.0.2.7/32,              192.0.2.7,                    true",
    "192.0.2.7/32,              192.0.2.6,                    false",
    "192.0.2.7/32,              192.0.2.8,                    false",
    "192.0.2.7,                 192.0.2.7,                    true",
    "128.0.0.0/1,               128.0.0.0,                    true",
    "128.0.0.0/1,               127.255.255.255,              false",
    // An IPv4-mapped IPv6 client matches IPv4 ranges; an IPv4-compatible one (::a.b.c.d) does not.
    "10.0.0.0/8,                mapped:10.1.2.3,              true",
    "10.0.0.0/8,                mapped:11.1.2.3,              false",
    "10.0.0.0/8,                ::a01:203,                    false",
    "::ffff:0:0/96,             1.2.3.4,                      true",
    "::ffff:0:0/96,             ::1,                          false",
    // Boundaries of IPv6 ranges, on both 64-bit halves.
    "::1/128,                   ::1,                          true",
    "::1/128,                   ::,                           false",
    "::1/128,                   ::2,                          false",
    "2001:db8::/32,             2001:db8::,                   true",
    "2001:db8::/32,             2001:db8:ffff:ffff:ffff:ffff:ffff:ffff, true",
    "2001:db8::/32,             2001:db7:ffff:ffff:ffff:ffff:ffff:ffff, false",
    "2001:db8::/32,             2001:db9::,                   false",
    "2001:db8::/64,             2001:db8::ffff:ffff:ffff:ffff, true",
    "2001:db8::/64,             2001:db8:0:1::,               false",
    "2001:db8::8000:0:0:0/65,   2001:db8::8000:0:0:1,         true",
    "2001:db8::8000:0:0:0/65,   2001:db8::7fff:ffff:ffff:ffff, false",
    "2001:db8::/127,            2001:db8::1,                  true",
    "2001:db8::/127,            2001:db8::2,                  false",
    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128, ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, true",
    // An IPv6 range does not match an IPv4 client outside the mapped block.
    "2001:db8::/32,             10.0.0.1,                     false",
  })
  void containsAddresses(String range, String address, boolean expected) {
    assertThat(IpRange.parse(range).contains(address(address))).isEqualTo(expected);
  }
}
