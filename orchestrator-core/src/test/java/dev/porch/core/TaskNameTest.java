package dev.porch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.core.error.InvalidTaskNameException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TaskNameTest {

  @ParameterizedTest
  @ValueSource(strings = {"task-api", "auth-1", "a", "0", "v1.2_beta", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "con1", "comx", "auxiliary"})
  void of_acceptsTheDocumentedLanguage(String name) {
    assertThat(TaskName.of(name).value()).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "-rf", "--force", "../etc", "a/b", "a\\b", "C:", "a..b", "a.", "a.lock", "con", "CON", "nul.txt",
        "com1", "lpt9.log", "aux", "Auth", "a b", "a\tb", "a\nb", ".hidden", "_x", "é", "a@{b}", "a~1", "a^", "a:b",
        "a*", "a?", "a[b"
      })
  void of_rejectsEverythingElse(String name) {
    assertThatThrownBy(() -> TaskName.of(name))
        .isInstanceOf(InvalidTaskNameException.class)
        .hasMessageContaining("invalid task name");
  }

  @Test
  void of_null() {
    assertThatThrownBy(() -> TaskName.of(null))
        .isInstanceOf(InvalidTaskNameException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void of_tooLong() {
    assertThatThrownBy(() -> TaskName.of("a".repeat(65)))
        .isInstanceOf(InvalidTaskNameException.class)
        .hasMessageContaining("65 characters");
  }

  @Test
  void of_upperCaseReservedName_doesNotSuggestTheReservedName() {
    assertThatThrownBy(() -> TaskName.of("CON"))
        .isInstanceOf(InvalidTaskNameException.class)
        .hasMessageNotContaining("use 'con'")
        .hasMessageContaining("reserved device name");
    assertThatThrownBy(() -> TaskName.of("Feat.lock")).hasMessageContaining("'.lock'").hasMessageNotContaining("use '");
  }

  @Test
  void of_upperCaseSuggestsLowerCase() {
    assertThatThrownBy(() -> TaskName.of("Task-API"))
        .isInstanceOf(InvalidTaskNameException.class)
        .hasMessageContaining("use 'task-api'");
  }

  @Test
  void of_optionLikeSaysSo() {
    assertThatThrownBy(() -> TaskName.of("--force")).hasMessageContaining("would be read as an option");
  }

  @Test
  void of_separatorNamesTheCharacter() {
    InvalidTaskNameException e =
        (InvalidTaskNameException) org.assertj.core.api.Assertions.catchThrowable(() -> TaskName.of("a/b"));
    assertThat(e.rule()).contains("character 2 ('/')");
    assertThat(e.name()).isEqualTo("a/b");
    assertThat(e.hints()).containsExactly(TaskName.RULES);
  }

  @Test
  void of_controlCharactersAreEscapedInTheMessage() {
    assertThatThrownBy(() -> TaskName.of("a\u001b[31m"))
        .hasMessageContaining("\\u001b")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u001b"));
  }

  @Test
  void indexed_appendsTheSeedSuffix() {
    assertThat(TaskName.of("auth").indexed(3).value()).isEqualTo("auth-3");
  }

  @Test
  void indexed_zero() {
    assertThatThrownBy(() -> TaskName.of("auth").indexed(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void indexed_tooLong() {
    assertThatThrownBy(() -> TaskName.of("a".repeat(63)).indexed(1)).isInstanceOf(InvalidTaskNameException.class);
  }

  @Test
  void child_validatesTheSuffix() {
    assertThat(TaskName.of("shop").child("tests").value()).isEqualTo("shop-tests");
    assertThatThrownBy(() -> TaskName.of("shop").child("../x")).isInstanceOf(InvalidTaskNameException.class);
  }

  @Test
  void equality_isByValue() {
    assertThat(TaskName.of("a-1")).isEqualTo(TaskName.of("a-1")).hasSameHashCodeAs(TaskName.of("a-1"));
    assertThat(TaskName.of("a-1")).isNotEqualTo(TaskName.of("a-2"));
    assertThat(TaskName.of("a-1").compareTo(TaskName.of("a-2"))).isNegative();
  }
}
