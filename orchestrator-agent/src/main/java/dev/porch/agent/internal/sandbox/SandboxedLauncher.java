package dev.porch.agent.internal.sandbox;

import dev.porch.agent.SandboxNeeds;
import dev.porch.core.TaskName;
import dev.porch.core.error.LaunchException;
import dev.porch.core.port.AgentHandle;
import dev.porch.core.port.AgentLauncher;
import dev.porch.core.port.AgentOutcome;
import dev.porch.core.port.AgentRequest;
import dev.porch.core.port.Confinement;
import dev.porch.core.port.SandboxPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The sandboxing decorator: for each request, makes the agent's cell, sets the request's {@link
 * Confinement} (bwrap or sandbox-exec in front of the command, the cell's environment) and hands it
 * to the wrapped launcher; once the agent ends, {@link Delivery} carries its branch and report out
 * before the outcome completes. Each cell's {@link Manifest} records the agent's process, so that with
 * a {@link Redelivery} a re-attach (by a later porch, after this one was killed) delivers the cell
 * too. Where the host has no sandbox, {@code worktree} passes requests on
 * unconfined (the CLI says so when the run starts) and {@code strict} refuses to launch.
 */
public final class SandboxedLauncher implements AgentLauncher {
  /** Variables kept by strict's clean environment besides the profile's. */
  static final Set<String> KEPT = Set.of("PATH", "LANG", "LC_ALL", "TERM", "SYSTEMROOT");

  private final AgentLauncher delegate;
  private final SandboxPolicy policy;
  private final Function<String, SandboxNeeds> needs;
  private final Host host;
  private final Probe probe;
  private final Path userHome;
  private final Optional<Redelivery> redelivery;

  /**
   * A decorator whose {@link #reattach} only finds the process (it delivers no cell).
   *
   * @param delegate the launcher that starts the processes; it must apply confinement
   * @param policy worktree or strict
   * @param needs the needs of each profile, by profile name
   * @param host the OS
   * @param probe whether the OS sandbox works here
   * @param userHome the user's home
   * @throws IllegalArgumentException if {@code policy} is OFF or the delegate does not apply confinement
   */
  public SandboxedLauncher(AgentLauncher delegate, SandboxPolicy policy, Function<String, SandboxNeeds> needs,
      Host host, Probe probe, Path userHome) {
    this(delegate, policy, needs, host, probe, userHome, Optional.empty());
  }

  /**
   * @param delegate the launcher that starts the processes; it must apply confinement
   * @param policy worktree or strict
   * @param needs the needs of each profile, by profile name
   * @param host the OS
   * @param probe whether the OS sandbox works here
   * @param userHome the user's home
   * @param redelivery delivers the cells of re-attached agents (the repository's), when given
   * @throws IllegalArgumentException if {@code policy} is OFF or the delegate does not apply confinement
   */
  public SandboxedLauncher(AgentLauncher delegate, SandboxPolicy policy, Function<String, SandboxNeeds> needs,
      Host host, Probe probe, Path userHome, Optional<Redelivery> redelivery) {
    if (!policy.confines()) {
      throw new IllegalArgumentException("a sandbox with policy off confines nothing; use the launcher itself");
    }
    if (!delegate.appliesConfinement()) {
      throw new IllegalArgumentException(delegate.getClass().getName() + " does not apply a request's confinement"
          + " (appliesConfinement() is false): its agents would run unconfined");
    }
    this.delegate = delegate;
    this.policy = policy;
    this.needs = needs;
    this.host = host;
    this.probe = probe;
    this.userHome = userHome;
    this.redelivery = redelivery;
  }

  @Override
  public boolean appliesConfinement() {
    return false; // the request's confinement is this decorator's own
  }

  @Override
  public AgentHandle launch(AgentRequest request) {
    if (!probe.available()) {
      if (policy == SandboxPolicy.STRICT) {
        throw new LaunchException(request.task(), "the strict sandbox is not available: " + probe.detail(),
            List.of("run with --sandbox worktree or off, or fix the sandbox (porch doctor)"), null);
      }
      return delegate.launch(request);
    }
    SandboxNeeds need = needs.apply(request.agent());
    Cell cell;
    try {
      cell = Cell.prepare(request, policy, need, userHome, host == Host.LINUX);
    } catch (IOException e) {
      throw new LaunchException(request.task(), "cannot prepare its sandbox: " + e.getMessage(),
          List.of("check that " + dev.porch.core.StateLayout.STATUS_FOLDER + " is writable"), e);
    }
    Optional<EgressProxy> proxy = Optional.empty();
    Confinement c;
    AgentHandle inner;
    try {
      proxy = egress(cell, need);
      c = confinement(cell, need, request, proxy.map(EgressProxy::socket));
      Optional<Manifest> manifest = manifest(cell, request, c, proxy.map(EgressProxy::socket), need);
      inner = delegate.launch(request.withConfinement(c));
      recordProcess(cell, manifest, inner);
    } catch (IOException | RuntimeException e) {
      proxy.ifPresent(EgressProxy::close);
      cell.remove();
      throw e instanceof IOException io ? new LaunchException(request.task(), "cannot set up its sandbox: "
          + io.getMessage(), List.of("check that " + dev.porch.core.StateLayout.STATUS_FOLDER + " is writable"), io)
          : (RuntimeException) e;
    }
    Optional<EgressProxy> network = proxy;
    CompletableFuture<AgentOutcome> outcome = new CompletableFuture<>();
    inner.outcome().whenComplete((o, e) -> {
      // the branch and the report first, then the engine hears of it, then the cell goes
      network.ifPresent(EgressProxy::close);
      try {
        outcome.complete(e != null ? AgentOutcome.stopped(request.task(), AgentOutcome.Kind.FAILED_TO_START,
            "launcher failed: " + e, java.time.Duration.ZERO, List.of())
            : Delivery.finish(cell, request.statusFile(), c.sandbox(), o, lines(inner, o),
                network.map(EgressProxy::refused).orElse(List.of())));
      } catch (RuntimeException bug) {
        outcome.complete(o);
      } finally {
        cell.remove();
      }
    });
    return AgentHandle.withOutcome(inner, outcome);
  }

  /**
   * The network proxy of a strict agent on Linux whose profile lists hosts; none otherwise (strict
   * without a list has no network at all, worktree keeps the host's).
   */
  private Optional<EgressProxy> egress(Cell cell, SandboxNeeds need) throws IOException {
    if (policy != SandboxPolicy.STRICT || host != Host.LINUX || need.network().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(EgressProxy.start(socketPath(cell), need.network()));
  }

  /** Writes the cell's manifest (none without a status file: nothing to re-attach to). */
  private static Optional<Manifest> manifest(Cell cell, AgentRequest request, Confinement c, Optional<Path> socket,
      SandboxNeeds need) throws IOException {
    if (request.statusFile().isEmpty()) {
      return Optional.empty();
    }
    Manifest m = Manifest.of(cell, request.task().value(), c.sandbox(), request.statusFile().get());
    if (socket.isPresent()) {
      m = m.withProxy(socket.get(), need.network());
    }
    m.write(cell.dir().getParent(), cell.dir());
    return Optional.of(m);
  }

  /**
   * Where the proxy listens: in the cell, or, where that path is too long for a unix socket (the
   * kernel takes 108 bytes), in a new folder in the temp folder (the sandbox sees it read-only, and
   * connecting is not a write).
   */
  private static Path socketPath(Cell cell) throws IOException {
    Path inCell = cell.dir().resolve("net.sock");
    if (inCell.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 100) {
      return inCell;
    }
    Path folder = java.nio.file.Files.createTempDirectory("porch-net-");
    Path s = folder.resolve("s");
    if (s.toString().length() > 100) {
      throw new IOException("no short enough path for its unix socket (" + s + "); set java.io.tmpdir to a short folder");
    }
    folder.toFile().deleteOnExit();
    return s;
  }

  /** bwrap runs this in front of the agent: the JVM that bridges the namespace's loopback to the proxy. */
  static List<String> bridge(Path socket, Path worktree) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    String classes;
    try {
      classes = Path.of(NetBridge.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException | RuntimeException e) {
      throw new IllegalStateException("cannot find porch's own classes for the network bridge: " + e, e);
    }
    return List.of(java.toString(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx48m", "-cp", classes,
        NetBridge.class.getName(), socket.toString(), worktree.toString(), "--");
  }

  /**
   * Adds the agent's process to the manifest, so that a porch that re-attaches to that process after
   * this one is gone finds its cell ({@link Redelivery}). Best effort: without it, that porch finds
   * the process but not the cell.
   */
  private static void recordProcess(Cell cell, Optional<Manifest> manifest, AgentHandle h) {
    if (manifest.isEmpty() || h.pid().isEmpty() || h.processStarted().isEmpty()) {
      return;
    }
    try {
      manifest.get().withProcess(h.pid().getAsLong(), h.processStarted().get()).write(cell.dir().getParent(), cell.dir());
    } catch (IOException | RuntimeException e) {
      // the agent runs; only a re-attach after a crash would miss its cell
    }
  }

  /**
   * Re-attaches through the wrapped launcher; with a {@link Redelivery}, the cell of that process
   * (launched by a porch that is gone) is delivered when the agent ends, or at once when it has.
   */
  @Override
  public Optional<AgentHandle> reattach(TaskName task, long pid, Instant processStarted) {
    return redelivery.isPresent() ? redelivery.get().reattach(delegate, task, pid, processStarted)
        : delegate.reattach(task, pid, processStarted);
  }

  Confinement confinement(Cell cell, SandboxNeeds need, AgentRequest request, Optional<Path> bridgeSocket) {
    String name = (host == Host.LINUX ? "bwrap" : "sandbox-exec") + " (" + policy.word() + ")";
    List<String> prefix = host == Host.LINUX ? BwrapArgs.of(probe.toolOrThrow(), cell)
        : List.of(probe.toolOrThrow(), "-p", SeatbeltProfile.of(cell, need.network()), "--");
    if (bridgeSocket.isPresent()) {
      List<String> withBridge = new ArrayList<>(prefix);
      withBridge.addAll(bridge(bridgeSocket.get(), cell.worktree()));
      prefix = withBridge;
    }
    Map<String, String> env = new HashMap<>();
    env.put("TMPDIR", cell.tmp().toString());
    // Java ignores TMPDIR and fixes java.io.tmpdir at start-up: every JVM in the sandbox (porch
    // complete itself, the agent's builds and their test JVMs) would write /tmp and fail
    String javaOptions = request.environment().getOrDefault("JAVA_TOOL_OPTIONS",
        policy == SandboxPolicy.STRICT ? "" : System.getenv().getOrDefault("JAVA_TOOL_OPTIONS", ""));
    String tmpdir = "-Djava.io.tmpdir=" + cell.tmp();
    env.put("JAVA_TOOL_OPTIONS", (javaOptions.isBlank() ? "" : javaOptions.strip() + " ")
        + (tmpdir.matches(".*\\s.*") ? "\"" + tmpdir + "\"" : tmpdir));
    env.put("PORCH_SANDBOX", policy.word());
    env.put("PORCH_OUTBOX", cell.outbox().toString());
    Set<String> keep = new HashSet<>(KEPT);
    boolean strict = policy == SandboxPolicy.STRICT;
    if (strict) {
      env.put("HOME", cell.home().toString());
      keep.addAll(need.environment());
      // git in the private home would have no identity to commit with: it reads the user's global
      // config where it is (read-only, like every file outside the agent's cell)
      gitConfig(request).ifPresent(g -> env.put("GIT_CONFIG_GLOBAL", g.toString()));
      // a kept variable that points into the user's home (CODEX_HOME=~/.codex) follows the home into
      // the private one, where the profile's folders are bound
      for (String variable : need.environment()) {
        String value = request.environment().getOrDefault(variable, System.getenv(variable));
        if (value != null && !value.isBlank() && !env.containsKey(variable)) {
          try {
            Path p = Path.of(value).toAbsolutePath().normalize();
            if (p.startsWith(userHome) && !p.equals(userHome)) {
              env.put(variable, cell.home().resolve(userHome.relativize(p)).toString());
            }
          } catch (java.nio.file.InvalidPathException notAPath) {
            // a key or a URL: kept as it is
          }
        }
      }
    }
    return new Confinement(name, policy, prefix, strict, keep, env);
  }

  /** The global git config git would read outside the sandbox, if there is one. */
  private Optional<Path> gitConfig(AgentRequest request) {
    String set = request.environment().getOrDefault("GIT_CONFIG_GLOBAL", System.getenv("GIT_CONFIG_GLOBAL"));
    if (set != null && !set.isBlank()) {
      return Optional.of(Path.of(set).toAbsolutePath());
    }
    String xdg = System.getenv("XDG_CONFIG_HOME");
    for (Path p : List.of(userHome.resolve(".gitconfig"),
        (xdg == null || xdg.isBlank() ? userHome.resolve(".config") : Path.of(xdg)).resolve("git").resolve("config"))) {
      if (java.nio.file.Files.isRegularFile(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** The output to look for refused writes in: only a failed agent's (the outcome's tail and more). */
  private static List<String> lines(AgentHandle h, AgentOutcome o) {
    if (o.succeeded()) {
      return List.of();
    }
    List<String> all = new ArrayList<>(o.logTail());
    try {
      all.addAll(h.logTail(200));
    } catch (RuntimeException ignored) {
      // the outcome's own tail is enough
    }
    return all;
  }
}
