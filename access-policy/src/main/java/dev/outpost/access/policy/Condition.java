package dev.outpost.access.policy;

import java.util.UUID;

/**
 * A {@link Selector} read and checked once, ready to test requests: values lowercased, ranges
 * parsed, ids as UUIDs. Testing a request allocates nothing.
 */
sealed interface Condition {

  boolean test(AccessRequest request);

  record Everyone() implements Condition {
    @Override
    public boolean test(AccessRequest request) {
      return true;
    }
  }

  /** The user's email, already lowercase in {@link UserIdentity}, equals this lowercase one. */
  record Email(String email) implements Condition {
    @Override
    public boolean test(AccessRequest request) {
      UserIdentity user = request.userOrNull();
      return user != null && user.email().equals(email);
    }
  }

  /** The user's email ends with "@" and this lowercase domain: exact, no subdomains. */
  record EmailDomain(String domain) implements Condition {
    @Override
    public boolean test(AccessRequest request) {
      UserIdentity user = request.userOrNull();
      if (user == null) {
        return false;
      }
      String email = user.email();
      int at = email.length() - domain.length() - 1;
      return at > 0 && email.charAt(at) == '@' && email.endsWith(domain);
    }
  }

  record Group(String group) implements Condition {
    @Override
    public boolean test(AccessRequest request) {
      UserIdentity user = request.userOrNull();
      return user != null && user.groups().contains(group);
    }
  }

  record Ip(IpRange range) implements Condition {
    @Override
    public boolean test(AccessRequest request) {
      return range.contains(request.addressHigh, request.addressLow);
    }
  }

  /** This token, and only while it belongs to the application's tenant. */
  record ServiceToken(UUID tokenId, UUID tenantId) implements Condition {
    @Override
    public boolean test(AccessRequest request) {
      ServiceTokenIdentity token = request.serviceTokenOrNull();
      return token != null && token.tokenId().equals(tokenId) && token.tenantId().equals(tenantId);
    }
  }

  /** Any token of the application's tenant. */
  record AnyServiceToken(UUID tenantId) implements Condition {
    @Override
    public boolean test(AccessRequest request) {
      ServiceTokenIdentity token = request.serviceTokenOrNull();
      return token != null && token.tenantId().equals(tenantId);
    }
  }
}
