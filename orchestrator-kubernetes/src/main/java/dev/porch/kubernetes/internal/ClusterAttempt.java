package dev.porch.kubernetes.internal;

import dev.porch.core.TaskName;
import dev.porch.core.port.AgentActivity;
import dev.porch.core.port.AgentHandle;
import dev.porch.core.port.AgentOutcome.Kind;
import dev.porch.core.port.AgentOutcome;
import dev.porch.core.port.Workspace;
import dev.porch.kubernetes.BranchTransfer;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * One attempt's Job, followed through the API's watch: the Job's conditions say when it ended, its
 * pod says where it runs, why it cannot be placed or started, and (termination message) what the
 * pod script pushed. Thread-safe: watch events, the schedule timer and {@link #cancel} meet under
 * this object's lock; blocking work (API writes, git) runs on the launcher's workers.
 */
public final class ClusterAttempt implements AgentHandle {
  /** Long enough for the rate-limit messages CLIs print last. */
  static final int TAIL = 200;

  /**
   * What every attempt shares.
   *
   * @param client the Kubernetes client
   * @param transfer porch's side of the git transfer
   * @param workers blocking work
   * @param timer the schedule timeout
   * @param scheduleTimeout how long a pod may stay unschedulable
   */
  public record Shared(KubernetesClient client, BranchTransfer transfer, ExecutorService workers,
      ScheduledExecutorService timer, Duration scheduleTimeout) {}

  private final Shared sh;
  private final Workspace ws;
  private final String namespace;
  private final String job;
  private final Map<String, String> labels;
  private final List<Pattern> rateLimit;
  private final long startNanos = System.nanoTime();
  private final CompletableFuture<AgentOutcome> outcome = new CompletableFuture<>();
  private final AtomicBoolean ending = new AtomicBoolean();
  private final List<Watch> watches = new ArrayList<>();
  /** Guarded by {@link #watches}: once the attempt ended, a watch opened late is closed at once. */
  private boolean watchesClosed;
  private String baseCommit;
  private volatile PodFacts pod;
  private volatile String notice;
  private volatile List<String> tail = List.of();
  private String cancelReason;
  private boolean created;
  private ScheduledFuture<?> scheduleTimer;
  private volatile Optional<Duration> timeout = Optional.empty();
  private volatile Optional<String> scriptFailed = Optional.empty();

  public ClusterAttempt(Shared shared, Workspace ws, String namespace, String job, Map<String, String> labels,
      List<Pattern> rateLimit) {
    this.sh = shared;
    this.ws = ws;
    this.namespace = namespace;
    this.job = job;
    this.labels = Map.copyOf(labels);
    this.rateLimit = List.copyOf(rateLimit);
  }

  /**
   * Pushes the branch, opens the watches and creates the Job; ends the attempt {@code
   * FAILED_TO_START} when any of it fails. Runs on a worker.
   *
   * @param push pushes the workspace's branch and returns the commit
   * @param spec the Job for that commit
   * @param limit the request's timeout, for the outcome's wording
   */
  public void start(Supplier<String> push, java.util.function.Function<String, Job> spec, Optional<Duration> limit) {
    timeout = limit;
    String step = "push " + ws.branch() + " to " + sh.transfer().remoteUrl();
    try {
      if (cancelled()) {
        return;
      }
      baseCommit = push.get();
      step = "watch Job " + job + " in namespace " + namespace;
      Job j = spec.apply(baseCommit);
      // No API call under this object's lock: opening a watch waits for the server (and fabric8's
      // retries), and cancel(), which the engine calls, must never wait for that.
      if (cancelled()) {
        return;
      }
      watch();
      if (cancelled()) {
        return;
      }
      step = "create Job " + job + " in namespace " + namespace;
      sh.client().batch().v1().jobs().inNamespace(namespace).resource(j).create();
      String lateCancel;
      synchronized (this) {
        created = true;
        lateCancel = cancelReason; // cancel() came while the Job was being created and left it to us
        if (lateCancel != null) {
          ending.set(true);
        }
      }
      if (lateCancel != null) {
        delete();
        end(AgentOutcome.stopped(task(), Kind.CANCELLED, lateCancel, elapsed(), tail));
      }
    } catch (RuntimeException e) {
      String why = "could not " + step + ": " + ApiErrors.describe(e, namespace, server());
      end(AgentOutcome.stopped(task(), Kind.FAILED_TO_START, why, elapsed(), List.of(why)));
    }
  }

  /** Follows a Job an earlier porch created: watches it and reads its state once. Runs on a worker. */
  public void adopt(Job existing) {
    Map<String, String> annotations = existing.getMetadata().getAnnotations();
    baseCommit = annotations == null ? "" : annotations.getOrDefault(Names.BASE_ANNOTATION, "");
    synchronized (this) {
      created = true;
    }
    watch(); // not under the lock, as in start()
    sh.client().pods().inNamespace(namespace).withLabels(labels).list().getItems()
        .forEach(p -> onPod(Watcher.Action.MODIFIED, p));
    Job now = sh.client().batch().v1().jobs().inNamespace(namespace).withName(job).get();
    if (now == null) {
      end(AgentOutcome.stopped(task(), Kind.CANCELLED, "the Job " + job + " is gone", elapsed(), List.of()));
    } else {
      onJob(Watcher.Action.MODIFIED, now);
    }
  }

  private void watch() {
    keep(sh.client().batch().v1().jobs().inNamespace(namespace).withName(job).watch(new Watcher<Job>() {
      @Override
      public void eventReceived(Action action, Job j) {
        onJob(action, j);
      }

      @Override
      public void onClose(WatcherException cause) {
        lost(cause);
      }
    }));
    keep(sh.client().pods().inNamespace(namespace).withLabels(labels).watch(new Watcher<Pod>() {
      @Override
      public void eventReceived(Action action, Pod p) {
        onPod(action, p);
      }

      @Override
      public void onClose(WatcherException cause) {
        lost(cause);
      }
    }));
  }

  synchronized void onJob(Watcher.Action action, Job j) {
    if (outcome.isDone() || ending.get()) {
      return;
    }
    if (action == Watcher.Action.DELETED) {
      String why = cancelReason != null ? cancelReason : "the Job " + job + " was deleted outside porch";
      end(AgentOutcome.stopped(task(), Kind.CANCELLED, why, elapsed(), tail));
      return;
    }
    List<JobCondition> conditions = j.getStatus() == null || j.getStatus().getConditions() == null ? List.of()
        : j.getStatus().getConditions();
    for (JobCondition c : conditions) {
      if (!"True".equals(c.getStatus())) {
        continue;
      }
      if ("Complete".equals(c.getType()) || "SuccessCriteriaMet".equals(c.getType())) {
        sh.workers().execute(() -> finish(true));
        ending.set(true);
        return;
      }
      if ("Failed".equals(c.getType())) {
        ending.set(true);
        if ("DeadlineExceeded".equals(c.getReason())) {
          String why = "ran past its timeout" + timeout.map(t -> " of " + t.toString().substring(2).toLowerCase())
              .orElse("") + " (the Job's activeDeadlineSeconds); Kubernetes stopped pod "
              + Optional.ofNullable(pod).map(PodFacts::pod).orElse("of Job " + job);
          sh.workers().execute(() -> end(AgentOutcome.stopped(task(), Kind.TIMED_OUT, why, elapsed(), readTail())));
        } else {
          sh.workers().execute(() -> finish(false));
        }
        return;
      }
    }
  }

  synchronized void onPod(Watcher.Action action, Pod p) {
    if (outcome.isDone() || ending.get() || action == Watcher.Action.DELETED) {
      return;
    }
    PodFacts f = PodFacts.of(p);
    pod = f;
    if (f.cannotStart().isPresent()) {
      failToStart("Job " + job + ": " + f.cannotStart().get());
    } else if (f.unschedulable().isPresent()) {
      notice = "pod " + f.pod() + " cannot be scheduled: " + f.unschedulable().get();
      if (scheduleTimer == null) {
        String why = "pod " + f.pod() + " of Job " + job + " could not be scheduled within "
            + sh.scheduleTimeout().toString().substring(2).toLowerCase() + ": " + f.unschedulable().get();
        if (sh.scheduleTimeout().isZero()) {
          failToStart(why);
        } else {
          scheduleTimer = sh.timer().schedule(() -> timedOutScheduling(why), sh.scheduleTimeout().toMillis(),
              TimeUnit.MILLISECONDS);
        }
      }
    } else if (f.node().isPresent()) {
      notice = null;
      if (scheduleTimer != null) {
        scheduleTimer.cancel(false);
      }
    }
  }

  private synchronized void timedOutScheduling(String why) {
    if (!outcome.isDone() && !ending.get() && pod != null && pod.unschedulable().isPresent()) {
      failToStart(why);
    }
  }

  /** Ends with FAILED_TO_START and removes the Job (its pod would wait for ever). Under the lock. */
  private void failToStart(String why) {
    ending.set(true);
    sh.workers().execute(() -> {
      delete();
      end(AgentOutcome.stopped(task(), Kind.FAILED_TO_START, why, elapsed(), List.of(why)));
    });
  }

  /** The Job ended by itself: read the pod script's report, fetch what it pushed. On a worker. */
  private void finish(boolean succeeded) {
    PodFacts f = pod;
    if (f == null || f.exitCode().isEmpty()) {
      // The Job's condition can arrive before the pod's last event: read the pod once.
      List<Pod> pods = sh.client().pods().inNamespace(namespace).withLabels(labels).list().getItems();
      if (!pods.isEmpty()) {
        f = PodFacts.of(pods.get(pods.size() - 1));
        pod = f;
      }
    }
    List<String> lines = readTail();
    Optional<Report> report = f == null ? Optional.empty() : f.message().flatMap(Report::parse);
    OptionalInt code = report.map(Report::exitCode).orElse(f == null ? OptionalInt.empty() : f.exitCode());
    if (code.isEmpty()) {
      code = OptionalInt.of(succeeded ? 0 : 1);
    }
    Optional<String> reason = Optional.empty();
    Optional<String> pushed = report.flatMap(Report::commit).filter(c -> !c.equals(baseCommit));
    if (pushed.isPresent()) {
      try {
        sh.transfer().fetch(ws, pushed.get());
      } catch (RuntimeException e) {
        reason = Optional.of("could not fetch " + ws.branch() + " (" + pushed.get() + ") that pod "
            + f.pod() + " pushed: " + PodFacts.oneLine(String.valueOf(e.getMessage())));
        code = OptionalInt.of(code.getAsInt() == 0 ? 1 : code.getAsInt());
      }
    }
    if (report.isPresent() && !report.get().done()) {
      scriptFailed = Optional.of("the pod script's " + report.get().step() + " step failed in pod " + f.pod()
          + report.get().why().map(w -> ": " + w).orElse(""));
      reason = Optional.of("the pod script's " + report.get().step() + " step failed in pod " + f.pod()
          + report.get().why().map(w -> ": " + w).orElse(""));
    } else if (report.isEmpty()) {
      scriptFailed = Optional.of("pod " + (f == null ? "of Job " + job : f.pod()) + " left no porch-pod report");
      reason = Optional.of("pod " + (f == null ? "of Job " + job : f.pod()) + " left no porch-pod report (was its"
          + " command changed?), so nothing was fetched");
      code = OptionalInt.of(code.getAsInt() == 0 ? 1 : code.getAsInt());
    }
    int c = code.getAsInt();
    if (reason.isEmpty() && c != 0) {
      reason = Optional.of("agent exited with code " + c);
    }
    AgentOutcome o = new AgentOutcome(task(), Kind.EXITED, code, false, elapsed(), reason, lines);
    if (c != 0 && lines.stream().anyMatch(l -> rateLimit.stream().anyMatch(p -> p.matcher(l).find()))) {
      o = o.asRateLimited();
    }
    end(o);
  }

  /**
   * Why porch's own part of the pod script failed (clone, checkout, setup, ...), or why the pod left
   * no report, once the attempt ended; empty when the script did its part.
   */
  public Optional<String> scriptFailed() {
    return scriptFailed;
  }

  /** The pod's whole log, read once, after the attempt ended; empty without a pod or a log. */
  public Optional<String> log() {
    PodFacts f = pod;
    if (f == null) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(sh.client().pods().inNamespace(namespace).withName(f.pod())
          .inContainer(Names.CONTAINER).getLog());
    } catch (RuntimeException e) {
      return Optional.empty(); // a pod already gone, or an API server that will not give its log
    }
  }

  private List<String> readTail() {
    PodFacts f = pod;
    if (f == null) {
      return tail;
    }
    try {
      String log = sh.client().pods().inNamespace(namespace).withName(f.pod()).inContainer(Names.CONTAINER)
          .tailingLines(TAIL).getLog();
      if (log != null && !log.isEmpty()) {
        tail = List.copyOf(Arrays.asList(log.split("\\R")));
      }
    } catch (RuntimeException e) {
      // the log is decoration: a pod already gone, or an API server that will not give it
    }
    return tail;
  }

  private void lost(WatcherException cause) {
    if (outcome.isDone() || ending.get()) {
      return;
    }
    String why = "lost the watch on Job " + job + ": " + (cause == null ? "closed"
        : ApiErrors.describe(cause, namespace, server())) + "; the Job may still run (porch recover finds it)";
    end(new AgentOutcome(task(), Kind.EXITED, OptionalInt.empty(), false, elapsed(), Optional.of(why), tail));
  }

  private void end(AgentOutcome o) {
    synchronized (this) {
      if (scheduleTimer != null) {
        scheduleTimer.cancel(false);
      }
    }
    closeWatches();
    outcome.complete(o);
  }

  /** Stops following the Job without touching it (the launcher closes; the Job keeps running). */
  public void release() {
    closeWatches();
    outcome.cancel(false);
  }

  /** Keeps {@code w} until the attempt ends; closes it at once when it already has. */
  private void keep(Watch w) {
    synchronized (watches) {
      if (!watchesClosed) {
        watches.add(w);
        return;
      }
    }
    closeQuietly(w);
  }

  private void closeWatches() {
    List<Watch> all;
    synchronized (watches) {
      watchesClosed = true;
      all = List.copyOf(watches);
      watches.clear();
    }
    all.forEach(ClusterAttempt::closeQuietly);
  }

  private static void closeQuietly(Watch w) {
    try {
      w.close();
    } catch (RuntimeException ignored) {
      // closing is best effort
    }
  }

  private synchronized boolean cancelled() {
    if (cancelReason != null) {
      end(AgentOutcome.stopped(task(), Kind.CANCELLED, cancelReason, elapsed(), List.of()));
      return true;
    }
    return false;
  }

  private void delete() {
    try {
      sh.client().batch().v1().jobs().inNamespace(namespace).withName(job)
          .withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
    } catch (RuntimeException e) {
      tail = List.of("[porch: could not delete Job " + job + ": " + ApiErrors.describe(e, namespace, server()) + "]");
    }
  }

  private String server() {
    return String.valueOf(sh.client().getMasterUrl());
  }

  private Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /** The Job's name. */
  public String job() {
    return job;
  }

  @Override
  public TaskName task() {
    return ws.task();
  }

  @Override
  public CompletableFuture<AgentOutcome> outcome() {
    return outcome;
  }

  /**
   * Deletes the Job with foreground propagation (its pod goes first) on a worker; the outcome is
   * CANCELLED once the API accepted the deletion. Idempotent, does not block.
   */
  @Override
  public void cancel(String reason) {
    synchronized (this) {
      if (outcome.isDone() || cancelReason != null || ending.get()) {
        return;
      }
      cancelReason = reason;
      if (!created) {
        return; // start() sees the reason before it creates anything
      }
      ending.set(true);
    }
    sh.workers().execute(() -> {
      delete();
      end(AgentOutcome.stopped(task(), Kind.CANCELLED, reason, elapsed(), tail));
    });
  }

  @Override
  public List<String> logTail(int lines) {
    List<String> t = tail;
    return t.subList(Math.max(0, t.size() - lines), t.size());
  }

  /** Where it runs ({@code pod P on node N}) and what stands in its way, for {@code porch status}. */
  @Override
  public Optional<AgentActivity> activity() {
    PodFacts f = pod;
    String where = f == null ? "Job " + job + ", waiting for its pod"
        : "pod " + f.pod() + f.node().map(n -> " on node " + n).orElse(" (not scheduled yet)");
    return Optional.of(AgentActivity.NONE.withDoing(where).withNotice(notice));
  }

  /** Where it runs, as {@link #activity()} says it. */
  public Optional<String> where() {
    return activity().flatMap(AgentActivity::doing);
  }
}
