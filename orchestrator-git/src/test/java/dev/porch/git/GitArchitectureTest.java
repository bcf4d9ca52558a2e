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
  void the_api_package_holds_only_the_entry_points() {
    classes().that().resideInAPackage("dev.porch.git").and().arePublic()
        .should().haveNameMatching("dev\\.porch\\.git\\.(GitWorkspaces(\\$(Builder|SetupFile))?|GitRemotes)")
        .because("one small public entry point per port implementation (STYLE.md), with the values it returns nested in it: GitWorkspaces for the workspaces, GitRemotes for carrying branches to remote agents")
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
  void only_the_git_cli_setup_and_share_start_processes() {
    noClasses().that().doNotHaveSimpleName("GitCli").and().doNotHaveSimpleName("Setup").and().doNotHaveSimpleName("Share")
        .should().dependOnClassesThat().haveFullyQualifiedName("java.lang.ProcessBuilder")
        .because("every git process goes through one runner with timeouts, no prompts and C locale")
        .check(classes);
  }

  @Test
  void only_the_environment_package_reads_json() {
    noClasses().that().resideOutsideOfPackage("dev.porch.git.internal.env..")
        .should().dependOnClassesThat().resideInAPackage("com.fasterxml.jackson..")
        .because("the git adapter's library is JGit; Jackson is here only to read and write the environment's"
            + " JSON files (Cursor's .cursor/worktrees.json, .worktrees/.porch-ports.json), Conductor's TOML and"
            + " the trust store instead of a hand-written parser, so it stays inside dev.porch.git.internal.env")
        .check(classes);
  }

  @Test
  void git_internals_do_not_use_the_environment() {
    noClasses().that().resideInAPackage("dev.porch.git.internal")
        .should().dependOnClassesThat().resideInAPackage("dev.porch.git.internal.env..")
        .because("a new worktree's environment is built on git's internals (Layout, GitCli), never the other"
            + " way round; GitWorkspaces wires the two (Creator sees ports through the Ports interface)")
        .check(classes);
  }
}
