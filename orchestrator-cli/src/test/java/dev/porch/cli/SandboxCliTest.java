package dev.porch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.porch.agent.AgentProcesses;
import dev.porch.agent.AgentProfile;
import dev.porch.agent.AgentProfiles;
import dev.porch.agent.SandboxNeeds;
import dev.porch.agent.Sandboxes;
import dev.porch.core.TaskName;
import dev.porch.core.port.AgentLauncher;
import dev.porch.core.port.AgentOutcome;
import dev.porch.core.port.AgentRequest;
import dev.porch.core.port.SandboxPolicy;
import dev.porch.core.port.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --sandbox}, {@code .porch.json}'s sandbox, and {@code porch complete} from inside the sandbox. */
class SandboxCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  GitRepo repo;

  @BeforeEach
  void setUp() throws Exception {
    repo = GitRepo.create(tmp.resolve("repo"));
    assertThat(Cli.run(repo.dir, "init").code()).isZero();
  }

  @Test
  void complete_withAnOutbox_writesTheOutboxAndLeavesTheStatusFile() throws Exception {
    assertThat(Cli.run(repo.dir, "spawn", "auth", "--agents", "1").code()).isZero();
    Path status = repo.dir.resolve(".agent-status/auth-1.json");
    String before = Files.readString(status);
    Path outbox = tmp.resolve("outbox");

    Cli.Result r = Cli.run(repo.dir.resolve(".worktrees/auth-1"), Map.of("PORCH_OUTBOX", outbox.toString()),
        "complete", "--summary", "done inside");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(status).hasContent(before);
    JsonNode sent = JSON.readTree(outbox.resolve(".agent-status/auth-1.json").toFile());
    assertThat(sent.get("status").asText()).isEqualTo("COMPLETE");
    assertThat(sent.get("summary").asText()).isEqualTo("done inside");
  }

  @Test
  void complete_runInsideBwrap_reachesItsStatusFileOnceTheAgentEnds() throws Exception {
    Sandboxes.Availability a = Sandboxes.availability();
    Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase().startsWith("linux") && a.available(),
        "needs bwrap: " + a.detail());
    assertThat(Cli.run(repo.dir, "spawn", "auth", "--agents", "1").code()).isZero();
    Path worktree = repo.dir.resolve(".worktrees/auth-1");
    // the agent is porch itself, in a JVM of its own under bwrap, reporting as an agent does
    List<String> porch = new ArrayList<>(List.of(ProcessHandle.current().info().command()
        .orElse(Paths.get(System.getProperty("java.home"), "bin", "java").toString()),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        Porch.class.getName(), "complete", "--summary", "reported from the sandbox"));
    try (AgentProcesses processes = AgentProcesses.builder(repo.dir).gracePeriod(Duration.ofSeconds(1))
        .profiles(AgentProfiles.builtIn().with(AgentProfile.of("porch", porch))).build()) {
      AgentLauncher sandboxed = Sandboxes.wrap(processes, SandboxPolicy.WORKTREE, n -> SandboxNeeds.NONE);
      String head = repo.git("rev-parse", "main").trim();
      Workspace ws = new Workspace(TaskName.of("auth-1"), worktree, ".worktrees/auth-1", "feature/auth-1", "main",
          head, OptionalInt.empty());
      AgentOutcome o = sandboxed.launch(AgentRequest.builder().task(ws.task()).workspace(ws).instructions("x")
          .agent("porch").statusFile(repo.dir.resolve(".agent-status/auth-1.json")).build())
          .outcome().get(120, TimeUnit.SECONDS);

      assertThat(o.succeeded()).as("%s", o).isTrue();
    }
    JsonNode status = JSON.readTree(repo.dir.resolve(".agent-status/auth-1.json").toFile());
    assertThat(status.get("status").asText()).isEqualTo("COMPLETE");
    assertThat(status.get("summary").asText()).isEqualTo("reported from the sandbox");
  }

  @Test
  void sandboxOption_unknownPolicy_isAUsageError() {
    Cli.Result r = Cli.run(repo.dir, "compete", "auth", "--prompt", "x", "--sandbox", "maybe");

    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("--sandbox: sandbox policy 'maybe' is not one of off, worktree, strict");
  }

  @Test
  void config_unknownSandbox_namesTheField() throws Exception {
    Files.writeString(repo.dir.resolve(".porch.json"), "{\"sandbox\": \"tight\"}");

    Cli.Result r = Cli.run(repo.dir, "compete", "auth", "--prompt", "x");

    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("'sandbox' must be \"off\", \"worktree\" or \"strict\"");
  }
}
