package dev.porch.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.porch.core.port.AgentLauncher;
import dev.porch.core.port.Evaluator;
import dev.porch.core.port.StatusStore;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rules for core alone; rules across modules live in orchestrator-examples. */
class CoreArchitectureTest {
  private static JavaClasses core;

  @BeforeAll
  static void importCore() {
    core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.porch.core");
  }

  @Test
  void core_never_reads_the_system_clock_or_sleeps() {
    noClasses().should().callMethod(java.time.Instant.class, "now")
        .orShould().callMethod(System.class, "currentTimeMillis")
        .orShould().callMethod(System.class, "nanoTime")
        .orShould().callMethod(Thread.class, "sleep", long.class)
        .orShould().callMethod(java.time.LocalDateTime.class, "now")
        .because("time comes from the injected Clock and waiting from the Scheduler, so tests control both")
        .check(core);
  }

  /**
   * Core starts no process and writes no file, by any overload: every {@code Files.write*},
   * {@code Files.newOutputStream}, {@code Files.newBufferedWriter}, {@code Files.copy}/{@code move}
   * into a path, and the stream classes that write. {@link CoreRulesPlantedTest} shows it failing.
   */
  static final ArchRule NO_PROCESSES_OR_FILE_WRITES =
      noClasses().should().dependOnClassesThat().haveFullyQualifiedName("java.lang.ProcessBuilder")
          .orShould().callMethodWhere(writesThroughFiles())
          .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileOutputStream")
          .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileWriter")
          .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.RandomAccessFile")
          .because("everything that touches the world is a port");

  private static DescribedPredicate<JavaMethodCall> writesThroughFiles() {
    return DescribedPredicate.describe("a java.nio.file.Files method that writes", call -> {
      String name = call.getTarget().getName();
      return call.getTargetOwner().isEquivalentTo(java.nio.file.Files.class)
          && (name.startsWith("write") || name.equals("newOutputStream") || name.equals("newBufferedWriter")
              || name.equals("copy") || name.equals("move") || name.startsWith("create")
              || name.startsWith("delete") || name.equals("setAttribute") || name.startsWith("setLast")
              || name.equals("setPosixFilePermissions") || name.equals("setOwner"));
    });
  }

  @Test
  void core_never_starts_processes_or_writes_files() {
    NO_PROCESSES_OR_FILE_WRITES.check(core);
  }

  @Test
  void public_api_signatures_never_mention_guava() {
    codeUnits().that().areDeclaredInClassesThat().resideInAnyPackage("dev.porch.core", "dev.porch.core.pattern")
        .and().areDeclaredInClassesThat().arePublic()
        .and().haveModifier(JavaModifier.PUBLIC)
        .should(notMentionGuava())
        .because("Guava is an implementation detail of core; callers must not need it (STYLE.md)")
        .check(core);
  }

  private static ArchCondition<JavaCodeUnit> notMentionGuava() {
    return new ArchCondition<>("not mention Guava types") {
      @Override
      public void check(JavaCodeUnit unit, ConditionEvents events) {
        Set<JavaClass> involved = new HashSet<>(unit.getReturnType().getAllInvolvedRawTypes());
        unit.getParameterTypes().forEach(p -> involved.addAll(p.getAllInvolvedRawTypes()));
        for (JavaClass c : involved) {
          if (c.getPackageName().startsWith("com.google.common")) {
            events.add(SimpleConditionEvent.violated(unit, unit.getFullName() + " mentions " + c.getName()));
          }
        }
      }
    };
  }

  @Test
  void patterns_never_call_ports() {
    noClasses().that().resideInAPackage("dev.porch.core.pattern")
        .should().dependOnClassesThat().haveSimpleNameEndingWith("Provider")
        .orShould().dependOnClassesThat().areAssignableTo(StatusStore.class)
        .orShould().dependOnClassesThat().areAssignableTo(AgentLauncher.class)
        .orShould().dependOnClassesThat().areAssignableTo(Evaluator.class)
        .orShould().dependOnClassesThat().resideInAPackage("dev.porch.core.internal")
        .because("patterns decide and the engine acts; a pattern sees only its RunView")
        .check(core);
  }
}
