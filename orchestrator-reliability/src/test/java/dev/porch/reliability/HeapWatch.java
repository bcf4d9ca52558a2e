package dev.porch.reliability;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Measures this JVM's heap while a load test runs: the highest heap use sampled every 10 ms
 * (live objects plus garbage not yet collected, so it depends on the collector's sizing), the
 * highest heap use right after a collection (young collections leave old garbage, so an upper
 * bound), and on request the live heap after a full collection. Close it to stop.
 */
final class HeapWatch implements AutoCloseable {
  private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "heap-watch");
    t.setDaemon(true);
    return t;
  });
  private final AtomicLong peakUsed = new AtomicLong();
  private final AtomicLong peakAfterGc = new AtomicLong();
  private final AtomicLong collections = new AtomicLong();
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener onGc = this::afterGc;

  private HeapWatch() {}

  /** Starts watching. */
  static HeapWatch start() {
    HeapWatch w = new HeapWatch();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter e) {
        e.addNotificationListener(w.onGc, null, null);
        w.emitters.add(e);
      }
    }
    w.sampler.scheduleAtFixedRate(w::sample, 0, 10, TimeUnit.MILLISECONDS);
    return w;
  }

  private void sample() {
    peakUsed.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
  }

  private void afterGc(Notification n, Object handback) {
    if (!n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
      return;
    }
    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
    long used = 0;
    for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
      used += pool.getValue().getUsed();
    }
    // Non-heap pools (metaspace, code cache) are in the map too; count heap pools only.
    used -= nonHeap(info.getGcInfo().getMemoryUsageAfterGc());
    long after = used;
    peakAfterGc.accumulateAndGet(after, Math::max);
    collections.incrementAndGet();
  }

  private static long nonHeap(Map<String, MemoryUsage> pools) {
    long n = 0;
    for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == java.lang.management.MemoryType.NON_HEAP && pools.containsKey(pool.getName())) {
        n += pools.get(pool.getName()).getUsed();
      }
    }
    return n;
  }

  /** The highest heap use sampled, in bytes. */
  long peakUsed() {
    sample();
    return peakUsed.get();
  }

  /** The highest heap use right after a collection, in bytes; 0 if none happened. */
  long peakAfterGc() {
    return peakAfterGc.get();
  }

  /**
   * The live heap now: a full collection, then the heap in use. Collections triggered by the
   * allocator only clean the young generation and leave earlier tests' garbage in the old one, so
   * only this says what the program keeps.
   */
  static long liveNow() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Collections seen. */
  long collections() {
    return collections.get();
  }

  @Override
  public void close() throws InterruptedException {
    sampler.shutdownNow();
    sampler.awaitTermination(5, TimeUnit.SECONDS);
    for (NotificationEmitter e : emitters) {
      try {
        e.removeNotificationListener(onGc);
      } catch (javax.management.ListenerNotFoundException ignored) {
        // already gone
      }
    }
  }
}
