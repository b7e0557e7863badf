package dev.outpost.portal.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.portal.access.AccessModels.Selector;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyRulesTextTest {

  @Test
  void oneRuleALineTypeThenValue() {
    assertThat(
            PolicyRulesText.parse(
                "email alice@acme.example\n\n  email_domain:   acme.example \r\neveryone\nip 10.0.0.0/8"))
        .containsExactly(
            new Selector("email", "alice@acme.example"),
            new Selector("email_domain", "acme.example"),
            new Selector("everyone", null),
            new Selector("ip", "10.0.0.0/8"));
    assertThat(PolicyRulesText.parse(null)).isEmpty();
  }

  @Test
  void storedRulesAreWrittenAsTheyAreRead() {
    var rules =
        List.of(
            new Selector("group", "engineering"),
            new Selector("any_service_token", null),
            new Selector("service_token", "6f1c7a52-0d6e-4c57-a1b6-3a0f0c2e9d11"));
    assertThat(PolicyRulesText.parse(PolicyRulesText.format(rules))).isEqualTo(rules);
    assertThat(PolicyRulesText.rule(new Selector("email", "a@b.c"))).isEqualTo("email a@b.c");
  }

  @Test
  void movingAPolicyUpOrDownSwapsItWithItsNeighbour() {
    var ids = List.of("a", "b", "c");
    assertThat(PolicyPages.moved(ids, "b", "up")).containsExactly("b", "a", "c");
    assertThat(PolicyPages.moved(ids, "b", "down")).containsExactly("a", "c", "b");
    assertThat(PolicyPages.moved(ids, "a", "up")).isSameAs(ids);
    assertThat(PolicyPages.moved(ids, "c", "down")).isSameAs(ids);
    assertThat(PolicyPages.moved(ids, "b", "sideways")).isSameAs(ids);
  }
}
