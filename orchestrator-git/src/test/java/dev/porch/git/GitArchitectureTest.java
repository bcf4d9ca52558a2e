package dev.porch.git;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The git module's own shape. */
class GitArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importModule() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.porch.git");
  }

  @Test
  void the_api_package_holds_only_the_entry_point() {
    classes().that().resideInAPackage("dev.porch.git").and().arePublic()
        .should().haveNameMatching("dev\\.porch\\.git\\.GitWorkspaces(\\$Builder)?")
        .because("one small public entry point per port implementation (STYLE.md)")
        .check(classes);
  }

  @Test
  void internals_do_not_reach_back_into_the_api() {
    noClasses().that().resideInAPackage("dev.porch.git.internal..")
        .should().dependOnClassesThat().resideInAPackage("dev.porch.git")
        .because("the entry point wires the internals, not the other way round")
        .check(classes);
  }

  @Test
  void only_the_git_cli_and_setup_start_processes() {
    noClasses().that().doNotHaveSimpleName("GitCli").and().doNotHaveSimpleName("Setup")
        .should().dependOnClassesThat().haveFullyQualifiedName("java.lang.ProcessBuilder")
        .because("every git process goes through one runner with timeouts, no prompts and C locale")
        .check(classes);
  }
}
