package dev.outpost.access.policy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Applications, policies and requests for the tests, built in one line each. */
final class Fixtures {
  static final UUID TENANT = UUID.fromString("7d0b3c4e-1f2a-4b5c-8d6e-9f0a1b2c3d4e");
  static final UUID OTHER_TENANT = UUID.fromString("0e9d8c7b-6a5f-4e3d-9c2b-1a0f9e8d7c6b");
  static final UUID TOKEN = UUID.fromString("11111111-2222-4333-8444-555555555555");
  static final UUID OTHER_TOKEN = UUID.fromString("66666666-7777-4888-9999-aaaaaaaaaaaa");
  static final String AUDIENCE = "4714c1358e65fe4b408ad6d432a5f878f08194bdb4752441fd56faefa9b2b6f2";

  private Fixtures() {}

  static UUID uuid(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
  }

  /** A policy named after its action and precedence ("allow 1"), with a stable id. */
  static Policy policy(
      Action action,
      int precedence,
      List<Selector> include,
      List<Selector> require,
      List<Selector> exclude) {
    String name = action.wireName() + " " + precedence;
    return Policy.of(uuid(name), name, action, precedence, include, require, exclude);
  }

  static Policy policy(Action action, int precedence, Selector... include) {
    return policy(action, precedence, List.of(include), List.of(), List.of());
  }

  static ApplicationBuilder app(Policy... policies) {
    return new ApplicationBuilder().policies(policies);
  }

  static CompiledApplication compiled(Policy... policies) {
    return CompiledApplication.compile(app(policies).build());
  }

  static UserIdentity user(String email, String... groups) {
    return new UserIdentity("sub-" + email, email, Set.of(groups), "google");
  }

  static UserIdentity userVia(String identityProvider, String email) {
    return new UserIdentity("sub-" + email, email, Set.of(), identityProvider);
  }

  static ServiceTokenIdentity token(UUID tokenId, UUID tenantId) {
    return new ServiceTokenIdentity(tokenId, "client-" + tokenId, tenantId);
  }

  /**
   * An address from a literal (no lookup: only literals are passed). "mapped:a.b.c.d" gives the
   * IPv4-mapped IPv6 address ::ffff:a.b.c.d as an Inet6Address, which InetAddress.getByName would
   * turn into an Inet4Address.
   */
  static InetAddress address(String literal) {
    try {
      if (literal.startsWith("mapped:")) {
        byte[] v4 = InetAddress.getByName(literal.substring("mapped:".length())).getAddress();
        byte[] v6 = new byte[16];
        v6[10] = (byte) 0xff;
        v6[11] = (byte) 0xff;
        System.arraycopy(v4, 0, v6, 12, 4);
        return Inet6Address.getByAddress(null, v6, -1);
      }
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }

  /** A valid application to change one thing in. */
  static final class ApplicationBuilder {
    UUID id = uuid("wiki");
    UUID tenantId = TENANT;
    String name = "Wiki";
    String hostname = "wiki.acme.example";
    String pathPrefix = "/";
    long sessionSeconds = 86_400;
    List<String> identityProviders = List.of();
    String audience = AUDIENCE;
    long revision = 1;
    List<Policy> policies = new ArrayList<>();

    ApplicationBuilder id(UUID id) {
      this.id = id;
      return this;
    }

    ApplicationBuilder tenantId(UUID tenantId) {
      this.tenantId = tenantId;
      return this;
    }

    ApplicationBuilder name(String name) {
      this.name = name;
      return this;
    }

    ApplicationBuilder hostname(String hostname) {
      this.hostname = hostname;
      return this;
    }

    ApplicationBuilder pathPrefix(String pathPrefix) {
      this.pathPrefix = pathPrefix;
      return this;
    }

    ApplicationBuilder sessionSeconds(long sessionSeconds) {
      this.sessionSeconds = sessionSeconds;
      return this;
    }

    ApplicationBuilder identityProviders(String... aliases) {
      this.identityProviders = Arrays.asList(aliases);
      return this;
    }

    ApplicationBuilder audience(String audience) {
      this.audience = audience;
      return this;
    }

    ApplicationBuilder revision(long revision) {
      this.revision = revision;
      return this;
    }

    ApplicationBuilder policies(Policy... policies) {
      this.policies = Arrays.asList(policies);
      return this;
    }

    Application build() {
      return new Application(
          id,
          tenantId,
          name,
          hostname,
          pathPrefix,
          sessionSeconds,
          identityProviders,
          audience,
          revision,
          policies);
    }

    CompiledApplication compile() {
      return CompiledApplication.compile(build());
    }
  }
}
