package dev.outpost.portal.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.portal.web.ApiProblem.FieldError;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldErrorsTest {

  @ParameterizedTest
  @CsvSource({
    "name, name",
    "scopes[1], scopes",
    "include[0].value, include",
    "config.ingress[2].service, config"
  })
  void anApiFieldBelongsToTheFormFieldOfItsFirstSegment(String apiField, String formField) {
    assertThat(FieldErrors.formField(apiField)).isEqualTo(formField);
  }

  @Test
  void messagesGoNextToTheFieldsTheFormShowsAndTheRestAboveIt() {
    var problem =
        new ApiProblem(
            400,
            "Invalid request",
            "2 fields are invalid",
            List.of(
                new FieldError("name", "is required"),
                new FieldError("include[1].value", "not an email address"),
                new FieldError("include[3].type", "not a rule type"),
                new FieldError("precedence", "must be 1 or more")));
    var errors = FieldErrors.from(problem, Set.of("name", "include"), Set.of("include"));
    assertThat(errors.get("name")).isEqualTo("is required");
    assertThat(errors.get("include"))
        .isEqualTo("rule 2: not an email address; rule 4: not a rule type");
    assertThat(errors.has("precedence")).isFalse();
    assertThat(errors.general()).containsExactly("precedence: must be 1 or more");
  }

  @Test
  void aProblemWithoutFieldsIsShownAboveTheFormInTheApisWords() {
    var problem = new ApiProblem(409, "Conflict", "app.acme.example is taken", List.of());
    var errors = FieldErrors.from(problem, Set.of("hostname"));
    assertThat(errors.general()).containsExactly("app.acme.example is taken");
    assertThat(errors.isEmpty()).isFalse();
    assertThat(FieldErrors.none().isEmpty()).isTrue();
  }
}
