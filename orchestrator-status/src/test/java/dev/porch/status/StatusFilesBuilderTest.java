package dev.porch.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.core.TaskName;
import dev.porch.core.error.StatusFileException;
import dev.porch.core.port.StatusStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every documented @throws of the builder, and what each setting does. */
class StatusFilesBuilderTest {
  @TempDir Path repo;

  private StatusFiles.Builder b() {
    return StatusFiles.builder(repo);
  }

  @Test
  void open_nullRepo() {
    assertThatThrownBy(() -> StatusFiles.open(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> StatusFiles.builder(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> StatusFiles.eventLog(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> StatusFiles.readEvents(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void open_createsNothingUntilTheFirstWrite() {
    StatusStore store = StatusFiles.open(repo);
    store.read(TaskName.of("a-1"));
    store.list();
    store.delete(TaskName.of("a-1"));
    assertThat(repo.resolve(".agent-status")).doesNotExist();
    store.write(Fixtures.pending("a-1"));
    assertThat(repo.resolve(".agent-status/a-1.json")).isRegularFile();
  }

  @Test
  void pollInterval_null() {
    assertThatThrownBy(() -> b().pollInterval(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void pollInterval_outOfRange() {
    assertThatThrownBy(() -> b().pollInterval(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b().pollInterval(Duration.ofSeconds(11))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pollInterval_twice() {
    assertThatThrownBy(() -> b().pollInterval(Duration.ofMillis(5)).pollInterval(Duration.ofMillis(5)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("pollInterval");
  }

  @Test
  void forcePolling_twice() {
    assertThatThrownBy(() -> b().forcePolling(true).forcePolling(false)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void maxFileSize_outOfRange() {
    assertThatThrownBy(() -> b().maxFileSize(1023)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b().maxFileSize(64L * 1024 * 1024 + 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void maxFileSize_twice() {
    assertThatThrownBy(() -> b().maxFileSize(2048).maxFileSize(4096)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void maxFileSize_isEnforced() {
    Fixtures.place(repo, "a-1", Fixtures.seedJson("a-1", "feature/a-1", ".worktrees/a-1", ", \"x\": \""
        + "y".repeat(2000) + "\""));
    assertThat(StatusFiles.open(repo).read(TaskName.of("a-1"))).isPresent();
    assertThatThrownBy(() -> b().maxFileSize(1024).build().read(TaskName.of("a-1")))
        .isInstanceOf(StatusFileException.class).hasMessageContaining("the limit is 1024 bytes");
  }

  @Test
  void lockTimeout_nullOutOfRangeTwice() {
    assertThatThrownBy(() -> b().lockTimeout(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> b().lockTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b().lockTimeout(Duration.ofMinutes(11))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b().lockTimeout(Duration.ofSeconds(1)).lockTimeout(Duration.ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void localZone_nullTwice() {
    assertThatThrownBy(() -> b().localZone(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> b().localZone(ZoneOffset.UTC).localZone(ZoneOffset.UTC))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void watch_nullListener() {
    assertThatThrownBy(() -> StatusFiles.open(repo).watch(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void location_isTheAbsoluteFile() {
    assertThat(StatusFiles.open(repo.resolve("sub/..")).location(TaskName.of("a-1")))
        .contains(repo.toAbsolutePath().normalize().resolve(".agent-status/a-1.json"));
  }
}
