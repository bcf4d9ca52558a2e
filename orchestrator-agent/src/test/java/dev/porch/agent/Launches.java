package dev.porch.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.agent.testing.FakeAgent;
import dev.porch.core.port.AgentHandle;
import dev.porch.core.port.AgentOutcome;
import dev.porch.core.port.AgentRequest;
import dev.porch.core.port.Workspace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test helpers: launchers running the fake agent, requests, bounded waits. */
final class Launches implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(60);
  private final Path repo;
  private final List<AgentProcesses> opened = new ArrayList<>();

  Launches(Path repo) {
    this.repo = repo;
  }

  /** A launcher whose "fake" profile runs the fake agent with {@code args}; 1 s grace. */
  AgentProcesses fake(String... args) {
    return open(AgentProcesses.builder(repo).gracePeriod(Duration.ofSeconds(1))
        .profiles(AgentProfiles.builtIn().with(AgentProfile.of("fake", FakeAgent.command(args)))));
  }

  AgentProcesses open(AgentProcesses.Builder builder) {
    AgentProcesses p = builder.build();
    opened.add(p);
    return p;
  }

  static AgentRequest.Builder request(Workspace ws, String instructions) {
    return request(ws, instructions, "fake");
  }

  static AgentRequest.Builder request(Workspace ws, String instructions, String agent) {
    AgentRequest.Builder b = AgentRequest.builder();
    b.task(ws.task()).workspace(ws).instructions(instructions).agent(agent)
        .statusFile(ws.path().getParent().getParent().resolve(".agent-status").resolve(ws.task().value() + ".json"));
    return b;
  }

  static AgentOutcome await(AgentHandle h) {
    try {
      return h.outcome().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("agent " + h.task() + " did not end within " + WAIT + ": " + e, e);
    }
  }

  static AgentOutcome exitedZero(AgentHandle h) {
    AgentOutcome o = await(h);
    assertThat(o.succeeded()).as("outcome %s, log %s", o, o.logTail()).isTrue();
    return o;
  }

  @Override
  public void close() {
    opened.forEach(AgentProcesses::close);
  }
}
