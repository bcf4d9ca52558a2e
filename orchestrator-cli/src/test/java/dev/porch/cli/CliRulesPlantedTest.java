package dev.porch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.porch.cli.planted.command.CleanCommand;
import dev.porch.cli.planted.command.PlantedCommand;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each CLI rule fails on a planted command doing its own I/O, and accepts a clean one. */
class CliRulesPlantedTest {
  private static final String PLANTED = "dev.porch.cli.planted.command";

  private static EvaluationResult onPlanted(ArchRule rule, Class<?>... classes) {
    JavaClasses planted = new ClassFileImporter().importClasses(classes);
    return rule.evaluate(planted);
  }

  @Test
  void eachRuleFailsOnAPlantedViolation() {
    for (ArchRule rule : rules()) {
      EvaluationResult r = onPlanted(rule, PlantedCommand.class);
      assertThat(r.hasViolation()).as(rule.getDescription()).isTrue();
    }
    assertThat(String.join("\n", onPlanted(CliArchitectureTest.startNoProcesses(PLANTED), PlantedCommand.class)
        .getFailureReport().getDetails())).contains("PlantedCommand.spawn()");
    assertThat(String.join("\n", onPlanted(CliArchitectureTest.touchNoFiles(PLANTED), PlantedCommand.class)
        .getFailureReport().getDetails())).contains("PlantedCommand.read(");
    assertThat(String.join("\n", onPlanted(CliArchitectureTest.readNoStandardInput(PLANTED), PlantedCommand.class)
        .getFailureReport().getDetails())).contains("PlantedCommand.ask()");
  }

  @Test
  void eachRuleAcceptsACleanCommand() {
    for (ArchRule rule : rules()) {
      assertThat(onPlanted(rule.allowEmptyShould(true), CleanCommand.class).hasViolation())
          .as(rule.getDescription()).isFalse();
    }
  }

  private static List<ArchRule> rules() {
    return List.of(CliArchitectureTest.startNoProcesses(PLANTED), CliArchitectureTest.touchNoFiles(PLANTED),
        CliArchitectureTest.readNoStandardInput(PLANTED));
  }
}
