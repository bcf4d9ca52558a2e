package dev.porch.core.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * What every adapter module's own architecture test starts from: its production classes, and the
 * rule that its {@code .internal} package stays inside it. The cross-module rules live in
 * orchestrator-examples.
 */
public final class ModuleRules {
  private ModuleRules() {}

  /**
   * The production classes of {@code pkg} (no tests, no jars).
   *
   * @param pkg the module's root package, e.g. {@code dev.porch.web}
   * @return the imported classes
   */
  public static JavaClasses importMain(String pkg) {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
        .importPackages(pkg);
  }

  /**
   * Fails when a production class of porch outside {@code pkg} uses {@code pkg.internal}.
   *
   * @param pkg the module's root package, e.g. {@code dev.porch.web}
   */
  public static void checkInternalStaysInside(String pkg) {
    noClasses().that().resideOutsideOfPackage(pkg + "..")
        .should().dependOnClassesThat().resideInAPackage(pkg + ".internal..")
        .because(pkg + ".internal is not API and may change at any time")
        .allowEmptyShould(true)
        .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.porch"));
  }
}
