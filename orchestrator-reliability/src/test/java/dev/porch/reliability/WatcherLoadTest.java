package dev.porch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.core.TaskName;
import dev.porch.core.port.StatusChange;
import dev.porch.core.port.StatusStore;
import dev.porch.status.StatusFiles;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status watcher with many tasks: every change makes it rescan the folder, so what a rescan
 * costs per unchanged file decides how the engine's watch scales (64 tasks x ~5 writes each = 320
 * rescans of 64 files in {@link ManyAgentsLoadTest}). Measured as the watcher thread's CPU time.
 */
class WatcherLoadTest {
  private static final int FILES = 400;
  private static final int CHANGES = 60;

  @TempDir Path repo;

  @Test
  void watch_400Files_aChangeCostsLittleMoreThanReadingThem() throws Exception {
    StatusStore store = StatusFiles.open(repo);
    for (int i = 0; i < FILES; i++) {
      TaskName t = TaskName.of(String.format("t%03d", i));
      store.write(LoadChild.fresh(t).withSummary("work of " + t.value()));
    }
    BlockingQueue<StatusChange> changes = new LinkedBlockingQueue<>();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    TaskName hot = TaskName.of("t000");
    long cpu;
    try (StatusStore.Subscription s = store.watch(changes::add)) {
      Thread watcher = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.getName().startsWith("porch-status-watch-")).reduce((a, b) -> a.getId() > b.getId() ? a : b)
          .orElseThrow();
      long before = threads.getThreadCpuTime(watcher.getId());
      for (int i = 1; i <= CHANGES; i++) {
        store.write(LoadChild.fresh(hot).withSummary(Integer.toString(i)));
        StatusChange c;
        do {
          c = changes.poll(10, TimeUnit.SECONDS);
          assertThat(c).as("change %d seen", i).isNotNull();
        } while (!c.status().flatMap(st -> st.summary()).orElse("").equals(Integer.toString(i)));
      }
      cpu = threads.getThreadCpuTime(watcher.getId()) - before;
    }
    assertThat(changes).as("only the written file changed").allMatch(c -> c.task().equals(hot));
    double perChange = cpu / 1e6 / CHANGES;
    Figures.report(getClass().getSimpleName(), String.format(
        "%d status files, %d changes to one: watcher CPU %.1f ms per change (%.2f ms per file)",
        FILES, CHANGES, perChange, perChange / FILES));
    // 28-33 ms here after the fix, 41-48 ms before; the bound only catches a gross regression.
    assertThat(perChange).as("watcher CPU ms per change").isLessThan(200);
  }
}
