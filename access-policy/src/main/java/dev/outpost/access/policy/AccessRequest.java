package dev.outpost.access.policy;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * What a policy looks at in one public request: the client's address and, when the request carries
 * them, the logged-in user and a checked service token. Build one per request; it is immutable.
 */
public final class AccessRequest {
  private final InetAddress client;
  private final UserIdentity user;
  private final ServiceTokenIdentity serviceToken;
  // The client address as an IPv6 address (IPv4 mapped to ::ffff:a.b.c.d), read once.
  final long addressHigh;
  final long addressLow;

  /**
   * @param client the client's address (the TCP peer, or the first proxy's view of it)
   * @param user the logged-in user, or null
   * @param serviceToken the checked service token, or null
   */
  public AccessRequest(InetAddress client, UserIdentity user, ServiceTokenIdentity serviceToken) {
    this.client = Objects.requireNonNull(client, "client");
    this.user = user;
    this.serviceToken = serviceToken;
    byte[] address = client.getAddress();
    this.addressHigh = IpRange.high(address);
    this.addressLow = IpRange.low(address);
  }

  /** A request with no login and no service token. */
  public static AccessRequest anonymous(InetAddress client) {
    return new AccessRequest(client, null, null);
  }

  /** A request from a logged-in user. */
  public static AccessRequest of(InetAddress client, UserIdentity user) {
    return new AccessRequest(client, Objects.requireNonNull(user, "user"), null);
  }

  /** A request with a checked service token. */
  public static AccessRequest of(InetAddress client, ServiceTokenIdentity serviceToken) {
    return new AccessRequest(client, null, Objects.requireNonNull(serviceToken, "serviceToken"));
  }

  public InetAddress client() {
    return client;
  }

  public Optional<UserIdentity> user() {
    return Optional.ofNullable(user);
  }

  public Optional<ServiceTokenIdentity> serviceToken() {
    return Optional.ofNullable(serviceToken);
  }

  UserIdentity userOrNull() {
    return user;
  }

  ServiceTokenIdentity serviceTokenOrNull() {
    return serviceToken;
  }

  @Override
  public String toString() {
    return "AccessRequest[client="
        + client.getHostAddress()
        + ", user="
        + (user == null ? "none" : user.email())
        + ", serviceToken="
        + (serviceToken == null ? "none" : serviceToken.tokenId())
        + "]";
  }
}
