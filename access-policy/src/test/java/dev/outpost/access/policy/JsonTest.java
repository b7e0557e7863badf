package dev.outpost.access.policy;

import static dev.outpost.access.policy.Fixtures.AUDIENCE;
import static dev.outpost.access.policy.Fixtures.TENANT;
import static dev.outpost.access.policy.Fixtures.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The wire model as a plain ObjectMapper reads and writes it: the router's view of the topic. */
class JsonTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final UUID APP = UUID.fromString("3c9f4d0e-8b7a-4c6d-9e5f-1a2b3c4d5e6f");
  private static final UUID POLICY = UUID.fromString("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d");
  private static final UUID CI = UUID.fromString("5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a");

  private static final String DOCUMENT =
      """
      {"id":"3c9f4d0e-8b7a-4c6d-9e5f-1a2b3c4d5e6f",
       "tenantId":"7d0b3c4e-1f2a-4b5c-8d6e-9f0a1b2c3d4e",
       "name":"Wiki","hostname":"wiki.acme.example","pathPrefix":"/",
       "sessionSeconds":86400,"identityProviders":["google"],
       "audience":"4714c1358e65fe4b408ad6d432a5f878f08194bdb4752441fd56faefa9b2b6f2",
       "revision":3,
       "policies":[
         {"id":"9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d","name":"Staff","action":"allow",
          "precedence":1,
          "include":[{"type":"email_domain","value":"acme.example"},
                     {"type":"email","value":"alice@partner.example"}],
          "require":[{"type":"ip","value":"10.0.0.0/8"},{"type":"group","value":"engineering"}],
          "exclude":[{"type":"everyone"}]},
         {"id":"5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a","name":"CI","action":"service_auth",
          "precedence":2,
          "include":[{"type":"service_token","value":"11111111-2222-4333-8444-555555555555"},
                     {"type":"any_service_token"}],
          "require":[],"exclude":[]}]}
      """;

  private static final Application APPLICATION =
      new Application(
          APP,
          TENANT,
          "Wiki",
          "wiki.acme.example",
          "/",
          86_400,
          List.of("google"),
          AUDIENCE,
          3,
          List.of(
              Policy.of(
                  POLICY,
                  "Staff",
                  Action.ALLOW,
                  1,
                  List.of(
                      Selector.emailDomain("acme.example"),
                      Selector.email("alice@partner.example")),
                  List.of(Selector.ip("10.0.0.0/8"), Selector.group("engineering")),
                  List.of(Selector.everyone())),
              Policy.of(
                  CI,
                  "CI",
                  Action.SERVICE_AUTH,
                  2,
                  List.of(Selector.serviceToken(TOKEN.toString()), Selector.anyServiceToken()),
                  List.of(),
                  List.of())));

  @Test
  void readsThePublishedShape() throws Exception {
    assertThat(MAPPER.readValue(DOCUMENT, Application.class)).isEqualTo(APPLICATION);
  }

  @Test
  void writesThePublishedShape() throws Exception {
    JsonNode written = MAPPER.readTree(MAPPER.writeValueAsString(APPLICATION));

    assertThat(written).isEqualTo(MAPPER.readTree(DOCUMENT));
  }

  @Test
  void roundTrips() throws Exception {
    String json = MAPPER.writeValueAsString(APPLICATION);

    assertThat(MAPPER.readValue(json, Application.class)).isEqualTo(APPLICATION);
  }

  @Test
  void writesASelectorWithoutAValueWithoutTheField() throws Exception {
    assertThat(MAPPER.writeValueAsString(Selector.everyone())).isEqualTo("{\"type\":\"everyone\"}");
    assertThat(MAPPER.writeValueAsString(Selector.group("ops")))
        .isEqualTo("{\"type\":\"group\",\"value\":\"ops\"}");
    assertThat(MAPPER.readValue("{\"type\":\"everyone\",\"value\":null}", Selector.class))
        .isEqualTo(Selector.everyone());
  }

  @Test
  void writesActionsInLowerCase() throws Exception {
    JsonNode written = MAPPER.readTree(MAPPER.writeValueAsString(APPLICATION));

    assertThat(written.get("policies").findValuesAsText("action"))
        .containsExactly("allow", "service_auth");
  }

  @Test
  void readsMissingListsAsEmpty() throws Exception {
    Policy policy =
        MAPPER.readValue(
            """
            {"id":"9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d","name":"Anyone","action":"bypass",
             "precedence":4,"include":[{"type":"everyone"}]}
            """,
            Policy.class);

    assertThat(policy.require()).isEmpty();
    assertThat(policy.exclude()).isEmpty();
    assertThat(AccessPolicies.validate(policy)).isEmpty();
  }

  @Test
  void whatWasReadCanBeCompiledAndEvaluated() throws Exception {
    CompiledApplication compiled =
        CompiledApplication.compile(MAPPER.readValue(DOCUMENT, Application.class));

    Decision decision =
        compiled.evaluate(
            AccessRequest.of(
                Fixtures.address("10.0.0.1"),
                new ServiceTokenIdentity(TOKEN, "ci.access", TENANT)));

    assertThat(decision.outcome()).isEqualTo(Outcome.SERVICE);
    assertThat(decision.policy().id()).isEqualTo(CI);
  }
}
