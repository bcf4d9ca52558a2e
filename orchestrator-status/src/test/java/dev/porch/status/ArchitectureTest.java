package dev.porch.status;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.porch.core.testing.ModuleRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rules about this module (the cross-module rules live in orchestrator-examples). */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importProductionClasses() {
    classes = ModuleRules.importMain("dev.porch.status");
  }

  @Test
  void the_status_adapter_does_not_depend_on_git_the_cli_or_other_adapters() {
    noClasses().that().resideInAPackage("dev.porch.status..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.eclipse.jgit..", "picocli..", "dev.porch.git..", "dev.porch.agent..", "dev.porch.cli..",
            "dev.porch.examples..")
        .because("each adapter implements one port family with one library; only the CLI wires adapters together")
        .check(classes);
  }

  @Test
  void nothing_outside_this_module_uses_its_internal_package() {
    ModuleRules.checkInternalStaysInside("dev.porch.status");
  }

  @Test
  void the_public_api_does_not_expose_jackson() {
    noClasses().that().resideInAPackage("dev.porch.status")
        .should().dependOnClassesThat().resideInAPackage("com.fasterxml.jackson..")
        .because("Jackson is this adapter's implementation detail; callers see core types and plain Java only")
        .check(classes);
  }

  @Test
  void the_library_never_prints_or_sleeps() {
    noClasses().that().resideInAPackage("dev.porch.status..")
        .should().accessField(System.class, "out").orShould().accessField(System.class, "err")
        .orShould().callMethod(Thread.class, "sleep", long.class)
        .because("library modules raise events and wait on conditions, never print or sleep")
        .check(classes);
  }
}
