package dev.porch.files;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rules about this module (the cross-module rules live in orchestrator-examples). */
class FilesArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importProductionClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
        .importPackages("dev.porch.files");
  }

  @Test
  void the_files_module_depends_on_the_jdk_only() {
    classes().that().resideInAPackage("dev.porch.files..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.porch.files..")
        .because("status, git, agent and the CLI all write through it; it must pull nothing in with it")
        .check(classes);
  }

  @Test
  void nothing_outside_this_module_uses_its_internal_package() {
    noClasses().that().resideOutsideOfPackage("dev.porch.files..")
        .should().dependOnClassesThat().resideInAPackage("dev.porch.files.internal..")
        .because("dev.porch.files.internal is not API and may change at any time")
        .allowEmptyShould(true)
        .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.porch"));
  }
}
