package dev.porch.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.porch.core.planted.ReadsFiles;
import dev.porch.core.planted.WritesFiles;
import org.junit.jupiter.api.Test;

/** Core's rules fail on planted violations (and only on them), so a passing rule means something. */
class CoreRulesPlantedTest {
  @Test
  void fileWriteRule_refusesEveryWayOfWriting() {
    JavaClasses planted = new ClassFileImporter().importClasses(WritesFiles.class);
    EvaluationResult r = CoreArchitectureTest.NO_PROCESSES_OR_FILE_WRITES.evaluate(planted);
    assertThat(r.hasViolation()).isTrue();
    String report = String.join("\n", r.getFailureReport().getDetails());
    assertThat(report).contains("WritesFiles.bytes(", "WritesFiles.string(", "WritesFiles.lines(",
        "WritesFiles.stream(", "WritesFiles.writer(", "WritesFiles.fileOutputStream(");
  }

  @Test
  void fileWriteRule_acceptsReading() {
    JavaClasses planted = new ClassFileImporter().importClasses(ReadsFiles.class);
    assertThat(CoreArchitectureTest.NO_PROCESSES_OR_FILE_WRITES.evaluate(planted).hasViolation()).isFalse();
  }
}
