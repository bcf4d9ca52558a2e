package dev.porch.web;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.porch.core.testing.ModuleRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rules about the web module (the cross-module rules live in orchestrator-examples). */
class WebArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importProductionClasses() {
    classes = ModuleRules.importMain("dev.porch.web");
  }

  @Test
  void the_web_adapter_depends_on_core_only_among_porch_modules() {
    noClasses().that().resideInAPackage("dev.porch.web..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.eclipse.jgit..", "picocli..", "dev.porch.git..", "dev.porch.agent..", "dev.porch.status..",
            "dev.porch.cli..", "dev.porch.examples..")
        .because("the dashboard is an adapter: the CLI wires its actions and review to the other modules")
        .check(classes);
  }

  @Test
  void the_public_api_exposes_neither_the_http_server_nor_jackson() {
    noClasses().that().resideInAPackage("dev.porch.web")
        .should().dependOnClassesThat().resideInAnyPackage("com.sun.net.httpserver..", "com.fasterxml.jackson..")
        .because("the server and JSON library are implementation details an embedder must not depend on")
        .check(classes);
  }

  @Test
  void nothing_outside_this_module_uses_its_internal_package() {
    ModuleRules.checkInternalStaysInside("dev.porch.web");
  }

  @Test
  void the_dashboard_never_prints_starts_processes_or_sleeps() {
    noClasses().that().resideInAPackage("dev.porch.web..")
        .should().accessField(System.class, "out").orShould().accessField(System.class, "err")
        .orShould().callMethod(Thread.class, "sleep", long.class)
        .orShould().dependOnClassesThat().areAssignableTo(ProcessBuilder.class)
        .because("a library raises results and waits on conditions; processes are the agent adapter's")
        .check(classes);
  }
}
