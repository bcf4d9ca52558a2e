package dev.porch.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.porch.core.StateLayout;
import dev.porch.examples.planted.state.SpellsTheStateFolder;
import dev.porch.examples.planted.state.UsesTheLayout;
import org.junit.jupiter.api.Test;

/** The rule that only StateLayout spells ".agent-status" fails on a planted class that spells it. */
class StateLayoutRulePlantedTest {
  private static final String ROOT = "dev.porch";

  @Test
  void aClassThatSpellsTheStateFolder_violatesTheRule() {
    JavaClasses planted = new ClassFileImporter().importClasses(SpellsTheStateFolder.class);
    EvaluationResult r = StateLayoutRule.rule(ROOT).evaluate(planted);
    assertThat(r.hasViolation()).isTrue();
    assertThat(r.getFailureReport().toString()).contains("SpellsTheStateFolder", ".agent-status/logs/");
  }

  @Test
  void aClassThatAsksTheLayout_passes() {
    JavaClasses planted = new ClassFileImporter().importClasses(UsesTheLayout.class);
    assertThat(StateLayoutRule.rule(ROOT).evaluate(planted).hasViolation()).isFalse();
  }

  @Test
  void theOwnerItself_passes() {
    JavaClasses owner = new ClassFileImporter().importClasses(StateLayout.class);
    assertThat(StateLayoutRule.constants(owner.get(StateLayout.class))).anyMatch(s -> s.contains(".agent-status"));
    assertThat(StateLayoutRule.rule(ROOT).allowEmptyShould(true).evaluate(owner).hasViolation()).isFalse();
  }
}
