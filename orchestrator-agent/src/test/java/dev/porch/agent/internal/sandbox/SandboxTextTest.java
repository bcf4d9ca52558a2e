package dev.porch.agent.internal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.agent.SandboxNeeds;
import dev.porch.core.TaskName;
import dev.porch.core.error.LaunchException;
import dev.porch.core.port.AgentHandle;
import dev.porch.core.port.AgentLauncher;
import dev.porch.core.port.AgentRequest;
import dev.porch.core.port.Confinement;
import dev.porch.core.port.SandboxPolicy;
import dev.porch.core.port.Workspace;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The sandbox's command lines and profiles as text: what runs on macOS is only ever checked here. */
class SandboxTextTest {
  private static final Path ROOT = Path.of("/repo");
  private static final GitPaths GIT = new GitPaths(ROOT.resolve(".git/worktrees/auth"), ROOT.resolve(".git"), "feature/auth");

  private static Cell cell(SandboxPolicy policy) {
    return new Cell(policy, ROOT.resolve(".worktrees/auth"), Optional.of(GIT), ROOT.resolve(".agent-status/sandbox/auth"),
        List.of(new Cell.Mount(Path.of("/home/u/.claude"), Path.of("/home/u/.claude"))),
        List.of(ROOT.resolve(".git/refs/heads/feature/other")), Optional.of("a".repeat(40)));
  }

  @Test
  void bwrap_readOnlyRootThenTheAgentsFoldersThenStrictsNamespaces() {
    String worktree = String.join(" ", BwrapArgs.of("/usr/bin/bwrap", cell(SandboxPolicy.WORKTREE)));
    assertThat(worktree).isEqualTo("/usr/bin/bwrap --ro-bind / / --dev /dev --proc /proc"
        + " --bind /repo/.worktrees/auth /repo/.worktrees/auth"
        + " --bind /repo/.git/worktrees/auth /repo/.git/worktrees/auth"
        + " --bind /repo/.git/objects /repo/.git/objects"
        + " --bind /repo/.agent-status/sandbox/auth/refs /repo/.git/refs/heads/feature"
        + " --ro-bind /repo/.git/refs/heads/feature/other /repo/.git/refs/heads/feature/other"
        + " --bind /repo/.agent-status/sandbox/auth /repo/.agent-status/sandbox/auth"
        + " --bind /home/u/.claude /home/u/.claude"
        + " --cap-drop ALL --new-session --chdir /repo/.worktrees/auth --");
    assertThat(String.join(" ", BwrapArgs.of("bwrap", cell(SandboxPolicy.STRICT))))
        .contains("--cap-drop ALL --new-session --unshare-net --unshare-pid --chdir /repo/.worktrees/auth --");
  }

  @Test
  void seatbelt_writesOnlyTheAgentsPathsAndItsOwnRef() {
    String p = SeatbeltProfile.of(cell(SandboxPolicy.WORKTREE), List.of("api.anthropic.com:443"));
    assertThat(p).startsWith("(version 1)\n(allow default)\n(deny file-write*)\n(allow file-write*\n")
        .contains("(subpath \"/repo/.worktrees/auth\")", "(subpath \"/repo/.git/worktrees/auth\")",
            "(subpath \"/repo/.git/objects\")", "(literal \"/repo/.git/refs/heads/feature/auth\")",
            "(literal \"/repo/.git/refs/heads/feature/auth.lock\")",
            "(literal \"/repo/.git/logs/refs/heads/feature/auth\")",
            "(subpath \"/repo/.agent-status/sandbox/auth\")", "(subpath \"/home/u/.claude\")")
        .doesNotContain("network", "(subpath \"/repo\")", "refs/heads/feature\")");
  }

  @Test
  void seatbelt_strictDeniesNetworkButTheProfilesPorts() {
    String p = SeatbeltProfile.of(cell(SandboxPolicy.STRICT), List.of("api.anthropic.com:443", "evil\") (allow default:x"));
    assertThat(p).contains("(deny network*)\n(allow network* (remote unix-socket))\n"
        + "(allow network-outbound (remote tcp \"*:443\")) ; api.anthropic.com:443\n");
    assertThat(p.lines().filter(l -> l.startsWith("(allow network-outbound"))).hasSize(1); // not a port, no rule
    String hostile = SeatbeltProfile.of(cell(SandboxPolicy.STRICT), List.of("x\n(allow default) ; \""));
    assertThat(hostile).contains("(remote tcp \"*:443\")) ; x??allow?default?????\n");
    assertThat(hostile.split("\\(allow default\\)", -1)).hasSize(2); // only the profile's own
  }

  @Test
  void seatbelt_quotesEscapeBackslashAndQuote() {
    assertThat(SeatbeltProfile.quote(Path.of("/no/such/a\"b\\c"))).isEqualTo("\"/no/such/a\\\"b\\\\c\"");
  }

  @Test
  void launch_onAMacUsesSandboxExecAndAPrivateTempAndOutbox() {
    AtomicReference<AgentRequest> seen = new AtomicReference<>();
    AgentLauncher recording = new Recording(seen);
    SandboxedLauncher mac = new SandboxedLauncher(recording, SandboxPolicy.STRICT, n -> SandboxNeeds.builtIn("claude"),
        Host.MACOS, Probe.fixed(true, "/usr/bin/sandbox-exec", "test"), Path.of("/home/u"));

    Confinement c = mac.confinement(cell(SandboxPolicy.STRICT), SandboxNeeds.builtIn("claude"), request(),
        java.util.Optional.empty());

    assertThat(c.sandbox()).isEqualTo("sandbox-exec (strict)");
    assertThat(c.prefix()).hasSize(4).startsWith("/usr/bin/sandbox-exec", "-p").endsWith("--");
    assertThat(c.prefix().get(2)).contains("(deny network*)");
    assertThat(c.cleanEnvironment()).isTrue();
    assertThat(c.keep()).contains("PATH", "ANTHROPIC_API_KEY").doesNotContain("HOME");
    assertThat(c.environment()).containsEntry("HOME", "/repo/.agent-status/sandbox/auth/home")
        .containsEntry("TMPDIR", "/repo/.agent-status/sandbox/auth/tmp")
        .containsEntry("PORCH_OUTBOX", "/repo/.agent-status/sandbox/auth/outbox")
        .containsEntry("PORCH_SANDBOX", "strict")
        .containsEntry("JAVA_TOOL_OPTIONS", "-Xss2m -Djava.io.tmpdir=/repo/.agent-status/sandbox/auth/tmp");
  }

  @Test
  void strict_aKeptVariableIntoTheHome_followsItIntoThePrivateHome() {
    SandboxedLauncher linux = new SandboxedLauncher(new Recording(new AtomicReference<>()), SandboxPolicy.STRICT,
        n -> SandboxNeeds.NONE, Host.LINUX, Probe.fixed(true, "/usr/bin/bwrap", "test"), Path.of("/home/u"));
    SandboxNeeds codex = new SandboxNeeds(java.util.List.of("~/.codex"), java.util.List.of(),
        java.util.List.of("CODEX_HOME", "OPENAI_API_KEY", "OPENAI_BASE_URL"));
    Workspace ws = new Workspace(TaskName.of("auth"), ROOT.resolve(".worktrees/auth"), ".worktrees/auth",
        "feature/auth", "main", "0".repeat(40), OptionalInt.empty());
    AgentRequest r = AgentRequest.builder().task(ws.task()).workspace(ws).instructions("x").agent("codex")
        .putEnvironment("CODEX_HOME", "/home/u/.codex").putEnvironment("OPENAI_API_KEY", "sk-x")
        .putEnvironment("OPENAI_BASE_URL", "http://127.0.0.1:9/v1").build();

    Confinement c = linux.confinement(cell(SandboxPolicy.STRICT), codex, r, java.util.Optional.empty());

    assertThat(c.environment()).containsEntry("CODEX_HOME", "/repo/.agent-status/sandbox/auth/home/.codex")
        .doesNotContainKeys("OPENAI_API_KEY", "OPENAI_BASE_URL");
    assertThat(c.keep()).contains("CODEX_HOME", "OPENAI_API_KEY");
  }

  private static AgentRequest request() {
    Workspace ws = new Workspace(TaskName.of("auth"), ROOT.resolve(".worktrees/auth"), ".worktrees/auth",
        "feature/auth", "main", "0".repeat(40), OptionalInt.empty());
    return AgentRequest.builder().task(ws.task()).workspace(ws).instructions("x").agent("fake")
        .putEnvironment("JAVA_TOOL_OPTIONS", "-Xss2m").build();
  }

  @Test
  void launch_strictWithoutASandboxRefusesToStart() {
    SandboxedLauncher windows = new SandboxedLauncher(new Recording(new AtomicReference<>()), SandboxPolicy.STRICT,
        n -> SandboxNeeds.NONE, Host.WINDOWS, Probe.of(Host.WINDOWS, java.util.Map.of()), Path.of("/home/u"));
    Workspace ws = new Workspace(TaskName.of("auth"), ROOT.resolve(".worktrees/auth"), ".worktrees/auth",
        "feature/auth", "main", "0".repeat(40), OptionalInt.empty());

    assertThatThrownBy(() -> windows.launch(AgentRequest.builder().task(ws.task()).workspace(ws).instructions("x")
        .agent("fake").build()))
        .isInstanceOf(LaunchException.class).hasMessageContaining("strict sandbox is not available")
        .hasMessageContaining("Windows has no sandbox");
  }

  @Test
  void launch_worktreeWithoutASandboxRunsUnconfined() {
    AtomicReference<AgentRequest> seen = new AtomicReference<>();
    SandboxedLauncher windows = new SandboxedLauncher(new Recording(seen), SandboxPolicy.WORKTREE,
        n -> SandboxNeeds.NONE, Host.WINDOWS, Probe.of(Host.WINDOWS, java.util.Map.of()), Path.of("/home/u"));
    Workspace ws = new Workspace(TaskName.of("auth"), ROOT.resolve(".worktrees/auth"), ".worktrees/auth",
        "feature/auth", "main", "0".repeat(40), OptionalInt.empty());

    windows.launch(AgentRequest.builder().task(ws.task()).workspace(ws).instructions("x").agent("fake").build());

    assertThat(seen.get().confinement()).isEmpty();
  }

  @Test
  void constructor_refusesALauncherThatDoesNotApplyConfinement() {
    AgentLauncher ignoring = r -> null;
    assertThatThrownBy(() -> new SandboxedLauncher(ignoring, SandboxPolicy.WORKTREE, n -> SandboxNeeds.NONE,
        Host.LINUX, Probe.fixed(true, "bwrap", "test"), Path.of("/home/u")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("would run unconfined");
  }

  @Test
  void policy_readsItsWordsAndRefusesOthers() {
    assertThat(SandboxPolicy.of(" Strict")).isEqualTo(SandboxPolicy.STRICT);
    assertThat(SandboxPolicy.WORKTREE.word()).isEqualTo("worktree");
    assertThatThrownBy(() -> SandboxPolicy.of("on")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sandbox policy 'on' is not one of off, worktree, strict");
  }

  /** Records the request; applies confinement. */
  private record Recording(AtomicReference<AgentRequest> seen) implements AgentLauncher {
    @Override
    public AgentHandle launch(AgentRequest request) {
      seen.set(request);
      return null;
    }

    @Override
    public boolean appliesConfinement() {
      return true;
    }
  }
}
