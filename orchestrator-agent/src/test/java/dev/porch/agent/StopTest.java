package dev.porch.agent;

import static dev.porch.agent.Launches.await;
import static dev.porch.agent.Launches.exitedZero;
import static dev.porch.agent.Launches.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.agent.internal.OutputPump;
import dev.porch.agent.internal.Threads;
import dev.porch.agent.testing.GitRepo;
import dev.porch.agent.testing.Poll;
import dev.porch.core.port.AgentHandle;
import dev.porch.core.port.AgentOutcome;
import dev.porch.core.port.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StopTest {
  @TempDir Path dir;
  GitRepo repo;
  Launches launches;

  @BeforeEach
  void setUp() {
    repo = GitRepo.init(dir);
    launches = new Launches(repo.root());
  }

  @AfterEach
  void tearDown() {
    launches.close();
  }

  private static void awaitLine(AgentHandle h, String line) {
    Poll.until("agent output '" + line + "'", Launches.WAIT, () -> h.logTail(50).contains(line));
  }

  private static void awaitDead(long pid) throws Exception {
    var ph = ProcessHandle.of(pid);
    if (ph.isPresent()) {
      ph.get().onExit().get(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void timeout_stopsTheAgent() {
    Workspace ws = repo.folder("slow");
    AgentHandle h = launches.fake("--sleep", "60000").launch(request(ws, "x").timeout(Duration.ofMillis(800)).build());

    AgentOutcome o = await(h);

    assertThat(o.kind()).isEqualTo(AgentOutcome.Kind.TIMED_OUT);
    assertThat(o.reason()).hasValueSatisfying(r -> assertThat(r).contains("timed out"));
    assertThat(o.exitCode()).isEmpty();
  }

  @Test
  void cancel_killsChildrenAndGrandchildren() throws Exception {
    Workspace ws = repo.folder("tree");
    Path pids = dir.resolve("pids");
    AgentHandle h = launches.fake("--spawn-tree", pids.toString(), "60000", "--print", "ready", "--sleep", "60000")
        .launch(request(ws, "x").build());
    awaitLine(h, "ready");
    List<String> tree = Files.readAllLines(pids);
    assertThat(tree).hasSize(2);

    h.cancel("user asked");
    AgentOutcome o = await(h);

    assertThat(o.kind()).isEqualTo(AgentOutcome.Kind.CANCELLED);
    assertThat(o.reason()).hasValue("user asked");
    for (String pid : tree) {
      awaitDead(Long.parseLong(pid.trim()));
    }
    assertThat(ProcessHandle.of(h.pid().getAsLong()).filter(ProcessHandle::isAlive)).isEmpty();
  }

  @Test
  void cancel_forcesAnAgentThatIgnoresSigtermAfterTheGracePeriod() {
    Workspace ws = repo.folder("stubborn");
    AgentHandle h = launches.fake("--ignore-term", "--print", "ready", "--sleep", "60000").launch(request(ws, "x").build());
    awaitLine(h, "ready");

    long t0 = System.nanoTime();
    h.cancel("stop");
    h.cancel("again");
    AgentOutcome o = await(h);

    assertThat(o.kind()).isEqualTo(AgentOutcome.Kind.CANCELLED);
    assertThat(o.reason()).hasValue("stop");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
  }

  @Test
  void cancel_afterExitKeepsTheOutcome() {
    Workspace ws = repo.folder("done");
    AgentHandle h = launches.fake().launch(request(ws, "x").build());
    exitedZero(h);

    h.cancel("too late");

    assertThat(await(h).kind()).isEqualTo(AgentOutcome.Kind.EXITED);
  }

  @Test
  void flood_isTruncatedAtTheLimitAndNeverBlocksTheAgent() throws Exception {
    Workspace ws = repo.folder("flood");
    AgentProcesses agents = launches.open(AgentProcesses.builder(repo.root()).maxLogBytes(64 * 1024)
        .customCommand(dev.porch.agent.testing.FakeAgent.command("--flood", "8", "--print", "last words")));

    AgentHandle h = agents.launch(request(ws, "x", "custom").build());
    exitedZero(h);

    Path log = agents.logFile(ws.task());
    assertThat(Files.size(log)).isLessThan(64 * 1024 + 1024);
    assertThat(Files.readString(log)).contains(OutputPump.TRUNCATED);
    assertThat(h.logTail(1)).containsExactly("last words");
  }

  @Test
  void flood_withoutLimitIsLoggedWhole() throws Exception {
    Workspace ws = repo.folder("bulk");
    AgentProcesses agents = launches.fake("--flood", "2");

    exitedZero(agents.launch(request(ws, "x").build()));

    assertThat(Files.size(agents.logFile(ws.task()))).isGreaterThan(2L * 1024 * 1024);
  }

  @Test
  void close_cancelsRunningAgentsAndStopsEveryThread() throws Exception {
    AgentProcesses agents = launches.fake("--print", "ready", "--sleep", "60000");
    AgentHandle a = agents.launch(request(repo.folder("c-1"), "x").build());
    AgentHandle b = agents.launch(request(repo.folder("c-2"), "x").build());
    awaitLine(a, "ready");

    agents.close();

    assertThat(a.outcome()).isDone();
    assertThat(b.outcome()).isDone();
    assertThat(await(a).kind()).isEqualTo(AgentOutcome.Kind.CANCELLED);
    assertThat(await(b).reason()).hasValue("the launcher was closed");
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith(Threads.PREFIX)) {
        t.join(5_000);
      }
    }
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith(Threads.PREFIX) && t.isAlive());
  }
}
