package dev.porch.reliability;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Splits this JVM's CPU time between porch and everything else, from Linux's per-thread {@code
 * /proc/self/task/<tid>/schedstat} (nanoseconds on a core) and {@code comm} (the thread's name,
 * cut to 15 characters). The JIT compilers, the garbage collector and the JVM's own threads, and
 * the test's threads (main, surefire's, {@link HeapWatch}) live through a whole run, so two
 * readings measure them; porch's own threads come and go (pool workers, process reapers, pumps),
 * so porch's time is the process's total minus theirs. Threads of the others that ended during the
 * run count as porch's: the figure errs high.
 */
final class ThreadCpu {
  private static final Path TASKS = Path.of("/proc/self/task");
  private final Map<String, Long> before;
  private final long processBefore;

  private ThreadCpu(Map<String, Long> before, long processBefore) {
    this.before = before;
    this.processBefore = processBefore;
  }

  /** Starts measuring; {@link #available()} says whether this system can. */
  static ThreadCpu start(long processCpuNanos) {
    return new ThreadCpu(read(), processCpuNanos);
  }

  boolean available() {
    return !before.isEmpty();
  }

  /** Where the CPU went since {@link #start}, given the process's CPU time now. */
  Split stop(long processCpuNanos) {
    Map<String, Long> after = read();
    long jit = 0;
    long gcAndVm = 0;
    long test = 0;
    for (Map.Entry<String, Long> e : after.entrySet()) {
      String name = e.getKey().substring(e.getKey().indexOf(' ') + 1);
      long used = e.getValue() - before.getOrDefault(e.getKey(), 0L);
      switch (kind(name)) {
        case JIT -> jit += used;
        case GC_AND_VM -> gcAndVm += used;
        case TEST -> test += used;
        default -> { }
      }
    }
    long total = processCpuNanos - processBefore;
    return new Split(total, total - jit - gcAndVm - test, jit, gcAndVm, test);
  }

  /** CPU nanoseconds: the whole process, porch's threads, the JIT, GC and JVM, the test. */
  record Split(long total, long porch, long jit, long gcAndVm, long test) {}

  private enum Kind { PORCH, JIT, GC_AND_VM, TEST }

  private static Kind kind(String name) {
    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
      return Kind.JIT;
    }
    if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("VM ")
        || name.equals("Sweeper thread") || name.equals("Service Thread") || name.equals("Monitor Deflati")
        || name.equals("Reference Handl") || name.equals("Finalizer") || name.equals("Common-Cleaner")
        || name.equals("Signal Dispatch") || name.equals("Notification Th")) {
      return Kind.GC_AND_VM;
    }
    if (name.equals("main") || name.equals("java") || name.startsWith("surefire") || name.equals("heap-watch")
        || name.startsWith("junit")) {
      return Kind.TEST;
    }
    return Kind.PORCH;
  }

  /** "tid name" to nanoseconds on a core, for every live thread; empty where /proc is missing. */
  private static Map<String, Long> read() {
    Map<String, Long> out = new HashMap<>();
    if (!Files.isDirectory(TASKS)) {
      return out;
    }
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
      for (Path t : tasks) {
        try {
          String name = Files.readString(t.resolve("comm")).strip();
          long ns = Long.parseLong(Files.readString(t.resolve("schedstat")).trim().split("\\s+")[0]);
          out.put(t.getFileName() + " " + name, ns);
        } catch (IOException | RuntimeException gone) {
          // the thread ended while being read
        }
      }
    } catch (IOException e) {
      return new HashMap<>();
    }
    return out;
  }
}
