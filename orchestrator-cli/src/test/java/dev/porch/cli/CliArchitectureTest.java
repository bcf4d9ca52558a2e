package dev.porch.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rules for the CLI alone: a command parses, calls the library and renders. Files, processes and
 * standard input belong to the library or to {@code dev.porch.cli.internal.CommandIo}, never to a
 * class in the command package. {@link CliRulesPlantedTest} shows each rule failing.
 */
class CliArchitectureTest {
  /** The package of porch's picocli commands. */
  static final String COMMANDS = "dev.porch.cli.internal.command";

  private static JavaClasses cli;

  @BeforeAll
  static void importCli() {
    cli = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.porch.cli");
  }

  /** Classes in {@code commandPackage} start no process. */
  static ArchRule startNoProcesses(String commandPackage) {
    return noClasses().that().resideInAPackage(commandPackage)
        .should().dependOnClassesThat().haveFullyQualifiedName(ProcessBuilder.class.getName())
        .orShould().callMethod(Runtime.class, "exec", String.class)
        .orShould().callMethod(Runtime.class, "exec", String[].class)
        .because("a command calls the library; starting processes is an adapter's job (issue 16)");
  }

  /** Classes in {@code commandPackage} touch no file through {@code java.nio.file.Files}. */
  static ArchRule touchNoFiles(String commandPackage) {
    return noClasses().that().resideInAPackage(commandPackage)
        .should().dependOnClassesThat().haveFullyQualifiedName(java.nio.file.Files.class.getName())
        .because("a command calls the library; reading and writing files is the library's job (issue 16)");
  }

  /** Classes in {@code commandPackage} never read {@code System.in} themselves. */
  static ArchRule readNoStandardInput(String commandPackage) {
    return noClasses().that().resideInAPackage(commandPackage)
        .should().accessField(System.class, "in")
        .because("standard input is the CLI context's, so tests and embedders can give it (issue 16)");
  }

  @Test
  void commands_start_no_processes() {
    startNoProcesses(COMMANDS).check(cli);
  }

  @Test
  void commands_touch_no_files() {
    touchNoFiles(COMMANDS).check(cli);
  }

  @Test
  void commands_read_no_standard_input() {
    readNoStandardInput(COMMANDS).check(cli);
  }

  @Test
  void the_rules_see_the_commands() {
    // an empty import would pass every noClasses() rule: make sure the commands are there
    org.assertj.core.api.Assertions.assertThat(cli.that(
        com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage(COMMANDS))).hasSizeGreaterThan(20);
  }
}
