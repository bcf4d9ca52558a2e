package dev.porch.kubernetes;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rules about this module's production classes. */
class KubernetesArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importMain() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.porch.kubernetes");
  }

  @Test
  void kubernetes_depends_only_on_the_jdk_core_and_fabric8() {
    classes().should().onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "dev.porch.core..", "dev.porch.kubernetes..", "io.fabric8.kubernetes..")
        .because("an adapter depends on core and its own library only; git on porch's side comes in through"
            + " BranchTransfer, the agent's command line through CommandRenderer (DESIGN.md)")
        .check(classes);
  }

  @Test
  void kubernetes_starts_no_process() {
    noClasses().should().dependOnClassesThat().haveFullyQualifiedName("java.lang.ProcessBuilder")
        .because("the agent runs in the cluster; porch's git work is BranchTransfer's")
        .check(classes);
  }

  @Test
  void kubernetes_classes_never_print_nor_sleep() {
    noClasses().should().accessField(System.class, "out").orShould().accessField(System.class, "err")
        .orShould().callMethod(Thread.class, "sleep", long.class)
        .because("state comes from the API's watch, outcomes carry the words (STYLE.md 5, 6)")
        .check(classes);
  }

  @Test
  void only_the_entry_point_reaches_into_internal() {
    noClasses().that().resideInAPackage("dev.porch.kubernetes").and().haveNameNotMatching("dev\\.porch\\.kubernetes\\.KubernetesAgents(\\$.*)?")
        .should().dependOnClassesThat().resideInAPackage("dev.porch.kubernetes.internal..")
        .because("KubernetesAgents is the module's one door (STYLE.md 1)")
        .check(classes);
  }
}
