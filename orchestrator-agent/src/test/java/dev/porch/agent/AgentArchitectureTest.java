package dev.porch.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rules about this module's production classes. */
class AgentArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importMain() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.porch.agent");
  }

  @Test
  void agent_classes_never_print() {
    // NetBridge is not library code: it is a program of its own, run by bwrap in front of a strict
    // agent, and its standard error is that agent's log
    noClasses().that().doNotHaveFullyQualifiedName("dev.porch.agent.internal.sandbox.NetBridge")
        .should().accessField(System.class, "out").orShould().accessField(System.class, "err")
        .because("library modules report through outcomes and logs, never the console (STYLE.md 5)")
        .check(classes);
  }

  @Test
  void agent_depends_only_on_the_jdk_core_and_jackson() {
    classes().should().onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "javax.xml..", "dev.porch.core..", "dev.porch.files..", "dev.porch.agent..",
            "com.fasterxml.jackson..")
        .because("an adapter depends on core, its own library and the state-file guard only (DESIGN.md)")
        .check(classes);
  }

  @Test
  void agent_never_sleeps_in_main_code() {
    noClasses().should().callMethod(Thread.class, "sleep", long.class)
        .because("waits use futures and the scheduler, so close() can stop them (STYLE.md 6)")
        .check(classes);
  }

  @Test
  void public_api_does_not_expose_internal_types() {
    classes().that().resideInAPackage("dev.porch.agent").and().arePublic()
        .should().onlyDependOnClassesThat().resideOutsideOfPackage("dev.porch.agent.internal.report..")
        .because("report parsing is an implementation detail of ProcessEvaluator")
        .check(classes);
  }
}
