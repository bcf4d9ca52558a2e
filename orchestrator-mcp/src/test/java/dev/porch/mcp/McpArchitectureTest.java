package dev.porch.mcp;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.porch.core.testing.ModuleRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rules about the MCP module (the cross-module rules live in orchestrator-examples). */
class McpArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importProductionClasses() {
    classes = ModuleRules.importMain("dev.porch.mcp");
  }

  @Test
  void the_mcp_module_uses_core_the_sdk_and_jackson_only() {
    classes().that().resideInAPackage("dev.porch.mcp..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.porch.core..", "dev.porch.mcp..",
            "io.modelcontextprotocol..", "com.fasterxml.jackson..")
        .because("the server reaches git, status files and agents only through the PorchHost the CLI hands it")
        .check(classes);
  }

  @Test
  void the_api_does_not_expose_the_sdk_or_jackson() {
    noClasses().that().resideInAPackage("dev.porch.mcp")
        .should().dependOnClassesThat().resideInAnyPackage("io.modelcontextprotocol..", "com.fasterxml.jackson..")
        .because("the SDK is this module's implementation detail; a caller sees core types and plain Java")
        .check(classes);
  }

  @Test
  void nothing_writes_to_the_console() {
    noClasses().that().resideInAPackage("dev.porch.mcp..")
        .should().accessField(System.class, "out").orShould().accessField(System.class, "err")
        .orShould().accessField(System.class, "in").orShould().callMethod(Thread.class, "sleep", long.class)
        .because("standard output carries the protocol: the streams are handed in, never reached for")
        .check(classes);
  }
}
