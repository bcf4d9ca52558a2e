package dev.porch.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rules across modules, checked on the production classes of every module (this module is the one
 * that sees all the others). Rules about a single module live in that module's tests.
 */
class ArchitectureTest {
  private static JavaClasses classes;

  /** Production classes only: no test-classes folders and no test-jars. */
  static final class ProductionOnly implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("/test-classes/") && !location.contains("-tests.jar");
    }
  }

  @BeforeAll
  static void importAll() {
    classes = new ClassFileImporter().withImportOption(new ProductionOnly()).importPackages("dev.porch");
  }

  private static void check(ArchRule rule) {
    rule.allowEmptyShould(true).check(classes);
  }

  @Test
  void core_depends_only_on_the_jdk_guava_and_immutables() {
    check(
        classes()
            .that()
            .resideInAPackage("dev.porch.core..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage(
                "java..", "dev.porch.core..", "com.google.common..", "com.google.errorprone.annotations..",
                "org.jspecify..", "org.immutables..", "javax.annotation..")
            .because("core is the pure domain: everything that touches the world is a port (DESIGN.md)"));
  }

  @Test
  void core_never_starts_processes() {
    check(
        noClasses()
            .that()
            .resideInAPackage("dev.porch.core..")
            .should()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.lang.ProcessBuilder")
            .because("only the agent adapter starts processes"));
  }

  @Test
  void adapters_never_depend_on_one_another_or_on_the_cli() {
    String[] modules = {"status", "git", "agent", "web", "kubernetes"};
    for (String m : modules) {
      for (String other : new String[] {"status", "git", "agent", "kubernetes", "project", "web", "cli", "examples"}) {
        if (!m.equals(other)) {
          check(
              noClasses()
                  .that()
                  .resideInAPackage("dev.porch." + m + "..")
                  .should()
                  .dependOnClassesThat()
                  .resideInAPackage("dev.porch." + other + "..")
                  .because("each adapter implements one port family with one library; only the CLI wires them"));
        }
      }
    }
  }

  @Test
  void the_mcp_server_sees_core_only_and_only_the_cli_wires_it() {
    check(
        noClasses()
            .that()
            .resideInAPackage("dev.porch.mcp..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.porch.status..", "dev.porch.git..", "dev.porch.agent..", "dev.porch.project..",
                "dev.porch.cli..", "dev.porch.examples..")
            .because("porch mcp reaches the adapters only through the PorchHost the CLI hands it"));
    check(
        noClasses()
            .that()
            .resideOutsideOfPackages("dev.porch.mcp..", "dev.porch.cli..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.porch.mcp..")
            .because("the MCP server is a front end, like the CLI, which is the only place that wires it"));
  }

  @Test
  void project_wires_the_adapters_and_never_knows_the_cli() {
    check(
        noClasses()
            .that()
            .resideInAPackage("dev.porch.project..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.porch.cli..", "dev.porch.examples..", "picocli..")
            .because("orchestrator-project is what the CLI gets, for embedders too: no command line in it"));
  }

  @Test
  void core_never_depends_on_adapters() {
    check(
        noClasses()
            .that()
            .resideInAPackage("dev.porch.core..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.porch.status..", "dev.porch.git..", "dev.porch.agent..", "dev.porch.kubernetes..",
                "dev.porch.project..", "dev.porch.web..", "dev.porch.cli..", "dev.porch.examples..")
            .because("dependencies point inwards, towards the domain"));
  }

  @Test
  void only_the_cli_wires_the_dashboard() {
    check(
        noClasses()
            .that()
            .resideOutsideOfPackages("dev.porch.web..", "dev.porch.cli..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.porch.web..")
            .because("the dashboard is an adapter that only the CLI wires; embedders mount it themselves"));
  }

  @Test
  void internal_packages_are_used_only_inside_their_module() {
    for (String m : new String[] {"core", "files", "status", "git", "agent", "kubernetes", "project", "mcp", "web", "cli"}) {
      check(
          noClasses()
              .that()
              .resideOutsideOfPackage("dev.porch." + m + "..")
              .should()
              .dependOnClassesThat()
              .resideInAPackage("dev.porch." + m + "..internal..")
              .because("an .internal package is not API; its module may change it at any time"));
    }
  }

  @Test
  void only_main_methods_print_to_the_console() {
    check(
        classes()
            .that()
            .resideInAPackage("dev.porch..")
            .should(accessTheConsoleOnlyFromMain())
            .because("commands print through the writers they are given and libraries raise events;"
                + " only a program's entry point (porch's main, the demo agent, the examples) talks to the console"));
  }

  private static com.tngtech.archunit.lang.ArchCondition<com.tngtech.archunit.core.domain.JavaClass> accessTheConsoleOnlyFromMain() {
    return new com.tngtech.archunit.lang.ArchCondition<>("access System.out and System.err only from main methods") {
      @Override
      public void check(com.tngtech.archunit.core.domain.JavaClass c, com.tngtech.archunit.lang.ConditionEvents events) {
        for (var access : c.getFieldAccessesFromSelf()) {
          boolean console = access.getTargetOwner().isEquivalentTo(System.class)
              && (access.getTarget().getName().equals("out") || access.getTarget().getName().equals("err"));
          if (console && !access.getOrigin().getName().equals("main")) {
            events.add(com.tngtech.archunit.lang.SimpleConditionEvent.violated(access, access.getDescription()));
          }
        }
      }
    };
  }

  @Test
  void examples_use_only_public_api() {
    check(
        noClasses()
            .that()
            .resideInAPackage("dev.porch.examples..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("..internal..")
            .because("the examples prove that users can do all of this from the public API"));
  }

  @Test
  void core_subpackages_are_free_of_cycles() {
    check(
        slices()
            .matching("dev.porch.core.(*)..")
            .should()
            .beFreeOfCycles()
            .because("patterns and the engine's internals must not lean on each other both ways"));
  }

  /**
   * Each package, {@code .internal} included, its own slice: a package and its internals meet only
   * at the entry points {@link PackageCycles#ENTRY_POINTS} lists. The CLI is left out until its
   * commands stop depending back on the root command (7 cycles, see {@link PackageCycles}).
   */
  @Test
  void packages_and_their_internals_are_free_of_cycles() {
    PackageCycles.rule("dev.porch", PackageCycles.ENTRY_POINTS).check(classes);
  }

  /** See {@link StateLayoutRule}; {@link StateLayoutRulePlantedTest} shows it failing. */
  @Test
  void only_the_state_layout_spells_the_state_folders() {
    check(StateLayoutRule.rule("dev.porch"));
  }

  @Test
  void the_files_module_depends_on_the_jdk_only() {
    check(
        classes()
            .that()
            .resideInAPackage("dev.porch.files..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "dev.porch.files..")
            .because("status, git, agent and the CLI all write through it; it must pull nothing in with it"));
  }

  @Test
  void packages_are_free_of_cycles() {
    check(
        slices()
            .matching("dev.porch.(*)..")
            .should()
            .beFreeOfCycles()
            .because("modules form a layered graph: core, then adapters, then the CLI"));
  }
}
