package dev.porch.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.porch.examples.planted.cycle.Facade;
import dev.porch.examples.planted.cycle.Sneaky;
import dev.porch.examples.planted.cycle.internal.Impl;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The package-cycle rule fails on a planted package that leans on its own .internal and back. */
class PackageCyclesPlantedTest {
  private static final String ROOT = "dev.porch.examples.planted";
  private static final List<String> ENTRY = List.of("dev.porch.examples.planted.cycle.Facade");

  @Test
  void anEntryPointMayUseItsInternal() {
    JavaClasses planted = new ClassFileImporter().importClasses(Facade.class, Impl.class);
    assertThat(PackageCycles.rule(ROOT, ENTRY).evaluate(planted).hasViolation()).isFalse();
  }

  @Test
  void anyOtherClassUsingItsInternalIsACycle() {
    JavaClasses planted = new ClassFileImporter().importClasses(Facade.class, Sneaky.class, Impl.class);
    EvaluationResult r = PackageCycles.rule(ROOT, ENTRY).evaluate(planted);
    assertThat(r.hasViolation()).isTrue();
    assertThat(r.getFailureReport().toString()).contains("Sneaky", "Slice dev.porch.examples.planted.cycle.internal");
  }

  @Test
  void withoutEntryPointsTheDesignedEdgeIsACycleToo() {
    JavaClasses planted = new ClassFileImporter().importClasses(Facade.class, Impl.class);
    assertThat(PackageCycles.rule(ROOT, List.of()).evaluate(planted).hasViolation()).isTrue();
  }
}
