package dev.porch.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.core.TaskName;
import dev.porch.core.port.AgentHandle;
import dev.porch.core.port.AgentLauncher;
import dev.porch.core.port.AgentOutcome;
import dev.porch.core.port.AgentRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AgentLauncher} must do (the port's and {@link AgentHandle}'s Javadoc), run
 * against the scripted fake and the process adapter alike, so that engine tests on the fake mean
 * something for real agents. A subclass makes a launcher and arranges what the agent of a request
 * does; the contract only launches, cancels, reattaches and waits (never sleeps).
 */
public abstract class AgentLauncherContract {
  /** How long any outcome may take to complete: generous for a real JVM on a loaded machine. */
  protected static final Duration WAIT = Duration.ofSeconds(60);
  /** How long {@link AgentLauncher#launch} and {@link AgentHandle#cancel} may take ("promptly"). */
  protected static final Duration PROMPT = Duration.ofSeconds(10);

  /** What the agent of an arranged request does. */
  protected enum Behaviour {
    /** Exits 0 at once. */
    SUCCEED,
    /** Exits 3 at once. */
    FAIL,
    /** Runs until stopped (or until its request's timeout passes). */
    HANG,
    /** Its program does not exist. */
    MISSING_PROGRAM
  }

  /** The launcher under test, one per test; the subclass closes what it opened after each test. */
  protected abstract AgentLauncher launcher();

  /**
   * A request for a new task, in a workspace of its own, whose agent behaves as {@code behaviour}
   * when launched by {@link #launcher()}.
   *
   * @param task the task, distinct per call within a test
   * @param behaviour what its agent does
   * @param timeout the request's timeout, if any
   */
  protected abstract AgentRequest arrange(String task, Behaviour behaviour, Optional<Duration> timeout);

  private AgentHandle launch(String task, Behaviour b, Optional<Duration> timeout) {
    AgentRequest request = arrange(task, b, timeout);
    long start = System.nanoTime();
    AgentHandle h = launcher().launch(request);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("launch returns promptly").isLessThan(PROMPT);
    assertThat(h.task()).isEqualTo(request.task());
    return h;
  }

  private static AgentOutcome await(AgentHandle h) {
    CompletableFuture<AgentOutcome> f = h.outcome();
    try {
      return f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the outcome of " + h.task() + " did not complete normally within " + WAIT, e);
    }
  }

  @Test
  void launch_succeedingAgentCompletesItsOutcome() {
    AgentOutcome o = await(launch("ok", Behaviour.SUCCEED, Optional.empty()));
    assertThat(o.succeeded()).as("%s", o).isTrue();
    assertThat(o.kind()).isEqualTo(AgentOutcome.Kind.EXITED);
    assertThat(o.exitCode()).hasValue(0);
    assertThat(o.task()).isEqualTo(TaskName.of("ok"));
  }

  @Test
  void launch_failingAgentIsAnOutcomeWithItsExitCode() {
    AgentOutcome o = await(launch("bad", Behaviour.FAIL, Optional.empty()));
    assertThat(o.succeeded()).isFalse();
    assertThat(o.kind()).isEqualTo(AgentOutcome.Kind.EXITED);
    assertThat(o.exitCode()).hasValue(3);
  }

  @Test
  void launch_missingProgramIsFailedToStartNeverAnException() {
    AgentHandle h = launch("missing", Behaviour.MISSING_PROGRAM, Optional.empty());
    AgentOutcome o = await(h);
    assertThat(h.outcome()).isCompletedWithValue(o);
    assertThat(o.kind()).isEqualTo(AgentOutcome.Kind.FAILED_TO_START);
    assertThat(o.succeeded()).isFalse();
    assertThat(o.reason()).isPresent();
  }

  @Test
  void cancel_stopsAHangingAgentAndIsIdempotent() {
    AgentHandle h = launch("hang", Behaviour.HANG, Optional.empty());
    assertThat(h.outcome()).as("still running").isNotDone();
    long start = System.nanoTime();
    h.cancel("test stops it");
    h.cancel("again");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("cancel does not block").isLessThan(PROMPT);
    AgentOutcome o = await(h);
    assertThat(o.kind()).isEqualTo(AgentOutcome.Kind.CANCELLED);
    assertThat(o.reason()).hasValue("test stops it");
    h.cancel("a third time");
    assertThat(await(h)).isSameAs(o);
  }

  @Test
  void cancel_anEndedAgentStaysEnded() {
    AgentHandle h = launch("done", Behaviour.SUCCEED, Optional.empty());
    AgentOutcome o = await(h);
    h.cancel("too late");
    assertThat(await(h)).isSameAs(o);
    assertThat(o.kind()).isEqualTo(AgentOutcome.Kind.EXITED);
  }

  @Test
  void timeout_givesTimedOut() {
    AgentHandle h = launch("slow", Behaviour.HANG, Optional.of(Duration.ofMillis(500)));
    AgentOutcome o = await(h);
    assertThat(o.kind()).isEqualTo(AgentOutcome.Kind.TIMED_OUT);
    assertThat(o.succeeded()).isFalse();
  }

  @Test
  void agentsRunIndependently() {
    AgentHandle hanging = launch("one", Behaviour.HANG, Optional.empty());
    AgentOutcome other = await(launch("two", Behaviour.SUCCEED, Optional.empty()));
    assertThat(other.succeeded()).isTrue();
    assertThat(hanging.outcome()).as("the other agent is untouched").isNotDone();
    hanging.cancel("done");
    assertThat(await(hanging).kind()).isEqualTo(AgentOutcome.Kind.CANCELLED);
  }

  @Test
  void reattach_unknownOrEndedProcessIsEmpty() {
    AgentLauncher l = launcher();
    assertThat(l.reattach(TaskName.of("nobody"), Integer.MAX_VALUE, Instant.now())).isEmpty();
    AgentHandle h = launch("ended", Behaviour.SUCCEED, Optional.empty());
    await(h);
    if (h.pid().isPresent() && h.processStarted().isPresent()) {
      assertThat(l.reattach(h.task(), h.pid().getAsLong(), h.processStarted().get())).as("ended").isEmpty();
    }
  }
}
