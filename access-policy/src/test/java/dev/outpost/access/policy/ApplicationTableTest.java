package dev.outpost.access.policy;

import static dev.outpost.access.policy.Fixtures.app;
import static dev.outpost.access.policy.Fixtures.policy;
import static dev.outpost.access.policy.Fixtures.uuid;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApplicationTableTest {
  private static final Policy STAFF = policy(Action.ALLOW, 1, Selector.emailDomain("acme.example"));

  private static final ApplicationTable TABLE =
      ApplicationTable.of(
          List.of(
              application("wiki", "wiki.acme.example", "/", 1),
              application("admin", "wiki.acme.example", "/admin", 1),
              application("secret", "wiki.acme.example", "/admin/secret", 1),
              application("api", "Docs.Acme.Example", "/api", 1)));

  @ParameterizedTest(name = "{0}: host ''{1}'', path ''{2}'' -> {3}")
  @CsvSource(
      nullValues = "null",
      value = {
        "whole host,                         wiki.acme.example,    /,                  wiki",
        "any path under /,                   wiki.acme.example,    /pages/home,        wiki",
        "prefix itself,                      wiki.acme.example,    /admin,             admin",
        "prefix with a trailing slash,       wiki.acme.example,    /admin/,            admin",
        "below the prefix,                   wiki.acme.example,    /admin/users,       admin",
        "not on a segment boundary,          wiki.acme.example,    /administrator,     wiki",
        "case-sensitive path,                wiki.acme.example,    /Admin,             wiki",
        "longest prefix wins,                wiki.acme.example,    /admin/secret,      secret",
        "longest prefix below,               wiki.acme.example,    /admin/secret/x/y,  secret",
        "longest prefix not a boundary,      wiki.acme.example,    /admin/secretary,   admin",
        "host is case-insensitive,           WIKI.Acme.Example,    /admin,             admin",
        "a trailing dot is the same host,    wiki.acme.example.,   /,                  wiki",
        "null path is /,                     wiki.acme.example,    null,               wiki",
        "empty path is /,                    wiki.acme.example,    '',                 wiki",
        "hostname defined in upper case,     docs.acme.example,    /api/v1,            api",
        "prefix only: nothing else,          docs.acme.example,    /,                  null",
        "prefix only: not a boundary,        docs.acme.example,    /apis,              null",
        "unknown host,                       other.acme.example,   /,                  null",
        "no parent domain match,             acme.example,         /,                  null",
        "no subdomain match,                 x.wiki.acme.example,  /,                  null",
        "no suffix match,                    evilwiki.acme.example,/,                  null",
        "host with a port is not stripped,   wiki.acme.example:443,/,                  null",
        "no host,                            null,                 /,                  null",
      })
  void findsTheApplicationForAHostAndPath(String why, String host, String path, String expected) {
    assertThat(TABLE.match(host, path).map(a -> a.application().name()))
        .as(why)
        .isEqualTo(Optional.ofNullable(expected));
  }

  @Test
  void listsAHostsApplicationsLongestPrefixFirst() {
    assertThat(TABLE.onHost("Wiki.Acme.Example."))
        .extracting(a -> a.application().name())
        .containsExactly("secret", "admin", "wiki");
    assertThat(TABLE.onHost("other.acme.example")).isEmpty();
    assertThat(TABLE.onHost(null)).isEmpty();
  }

  @Test
  void replacesAnApplicationWhoseHostnameChanged() {
    CompiledApplication moved = application("admin", "admin.acme.example", "/", 2);

    ApplicationTable updated = TABLE.with(moved);

    assertThat(updated.match("wiki.acme.example", "/admin/users").orElseThrow().application())
        .extracting(Application::name)
        .isEqualTo("wiki");
    assertThat(updated.match("admin.acme.example", "/users")).contains(moved);
    assertThat(updated.size()).isEqualTo(4);
    assertThat(TABLE.match("wiki.acme.example", "/admin/users").orElseThrow().application().name())
        .as("the old table is unchanged")
        .isEqualTo("admin");
  }

  @Test
  void ignoresAnOlderRevision() {
    ApplicationTable updated = TABLE.with(application("admin", "wiki.acme.example", "/admin", 5));

    assertThat(updated.with(application("admin", "admin.acme.example", "/", 4))).isSameAs(updated);
    assertThat(updated.get(uuid("admin")).orElseThrow().application().revision()).isEqualTo(5);
  }

  @Test
  void acceptsTheSameRevisionAgain() {
    CompiledApplication again = application("admin", "wiki.acme.example", "/admin", 1);

    assertThat(TABLE.with(again).match("wiki.acme.example", "/admin")).containsSame(again);
  }

  @Test
  void removesAnApplication() {
    ApplicationTable updated = TABLE.without(uuid("secret")).without(uuid("api"));

    assertThat(updated.match("wiki.acme.example", "/admin/secret").orElseThrow().application())
        .extracting(Application::name)
        .isEqualTo("admin");
    assertThat(updated.match("docs.acme.example", "/api")).isEmpty();
    assertThat(updated.size()).isEqualTo(2);
    assertThat(updated.without(uuid("unknown"))).isSameAs(updated);
    assertThat(ApplicationTable.EMPTY.match("wiki.acme.example", "/")).isEmpty();
  }

  @Test
  void ofKeepsTheHighestRevisionOfAnId() {
    ApplicationTable table =
        ApplicationTable.of(
            List.of(
                application("wiki", "wiki.acme.example", "/", 3),
                application("wiki", "old.acme.example", "/", 2)));

    assertThat(table.size()).isEqualTo(1);
    assertThat(table.match("wiki.acme.example", "/")).isPresent();
    assertThat(table.match("old.acme.example", "/")).isEmpty();
  }

  @Test
  void theSmallerIdWinsATieWhateverTheOrder() {
    CompiledApplication first = withId(UUID.fromString("00000000-0000-4000-8000-000000000001"));
    CompiledApplication second = withId(UUID.fromString("00000000-0000-4000-8000-000000000002"));

    assertThat(ApplicationTable.of(List.of(first, second)).match("tie.acme.example", "/x"))
        .containsSame(first);
    assertThat(ApplicationTable.of(List.of(second, first)).match("tie.acme.example", "/x"))
        .containsSame(first);
  }

  private static CompiledApplication withId(UUID id) {
    return app(STAFF).id(id).hostname("tie.acme.example").pathPrefix("/x").compile();
  }

  private static CompiledApplication application(
      String name, String hostname, String pathPrefix, long revision) {
    return app(STAFF)
        .id(uuid(name))
        .name(name)
        .hostname(hostname)
        .pathPrefix(pathPrefix)
        .revision(revision)
        .compile();
  }
}
