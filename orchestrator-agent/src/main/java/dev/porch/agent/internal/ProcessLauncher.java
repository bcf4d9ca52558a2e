package dev.porch.agent.internal;

import dev.porch.agent.AgentProfile;
import dev.porch.agent.AgentProfiles;
import dev.porch.agent.PromptTemplate;
import dev.porch.agent.StateFiles;
import dev.porch.core.TaskName;
import dev.porch.core.error.LaunchException;
import dev.porch.core.port.AgentHandle;
import dev.porch.core.port.AgentOutcome;
import dev.porch.core.port.AgentRequest;
import dev.porch.core.port.Workspace;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/** Starts one agent process: renders its prompt, files and command line, then hands it to a watcher. */
public final class ProcessLauncher {
  /**
   * Settings.
   *
   * @param statusDir the {@code .agent-status} folder
   * @param profiles the agent profiles
   * @param template the prompt template
   * @param maxLogBytes the most bytes logged per attempt
   */
  public record Settings(Path statusDir, AgentProfiles profiles, PromptTemplate template, long maxLogBytes) {}

  private final Settings settings;
  private final ProcessTree tree;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService workers;

  /**
   * @param settings what to launch with
   * @param tree stops process trees
   * @param scheduler timeouts and waits
   * @param workers output pumps and standard-input writers
   */
  public ProcessLauncher(Settings settings, ProcessTree tree, ScheduledExecutorService scheduler, ExecutorService workers) {
    this.settings = settings;
    this.tree = tree;
    this.scheduler = scheduler;
    this.workers = workers;
  }

  /** The log file of {@code task}. */
  public Path logFile(TaskName task) {
    return settings.statusDir().resolve("logs").resolve(task.value() + ".log");
  }

  /** The readable transcript of {@code task}'s agent output. */
  public Path transcriptFile(TaskName task) {
    return settings.statusDir().resolve("logs").resolve(task.value() + ".transcript.log");
  }

  /** The rendered prompt file of {@code task}. */
  public Path promptFile(TaskName task) {
    return settings.statusDir().resolve("prompts").resolve(task.value() + ".md");
  }

  /**
   * Launches.
   *
   * @param request the request
   * @return a running handle, or a finished one of kind FAILED_TO_START
   * @throws LaunchException for an unknown or unconfigured profile
   */
  public AgentHandle launch(AgentRequest request) {
    TaskName task = request.task();
    AgentProfile profile = profile(request);
    long startNanos = System.nanoTime();
    Invocation run = Invocation.of(profile, request, settings.template());
    String prompt = run.prompt();
    Path promptFile = promptFile(task);
    Path logFile = logFile(task);
    Map<String, String> values = placeholders(request.workspace(), prompt, promptFile);
    run.session().ifPresent(s -> values.put("session", s));
    List<String> argv = ArgTemplate.expand(run.command(), values);
    Path transcriptFile = transcriptFile(task);
    OutputStream log = null;
    OutputStream transcript = null;
    Process process = null;
    try {
      AtomicFiles.write(StateFiles.prepare(settings.statusDir(), promptFile), prompt);
      String header = header(request, argv, run.note());
      log = StateFiles.append(settings.statusDir(), logFile);
      log.write(header.getBytes(StandardCharsets.UTF_8));
      transcript = StateFiles.append(settings.statusDir(), transcriptFile);
      transcript.write(header.getBytes(StandardCharsets.UTF_8));
      // Standard error joins standard output: one pipe keeps the log in the order the agent wrote it.
      // Stream parsers skip lines that are not their JSON, so error messages reach the transcript as text.
      ProcessBuilder pb = new ProcessBuilder(argv).directory(request.workspace().path().toFile()).redirectErrorStream(true);
      environment(pb.environment(), request, profile, promptFile);
      process = pb.start();
      LaunchedAgent agent = new LaunchedAgent(task, process, startNanos, tree, scheduler, workers);
      AgentOutput output = new AgentOutput(profile, transcript, settings.maxLogBytes(), agent::loginFailed);
      transcript = null;
      agent.read(output);
      OutputPump pump = new OutputPump(process.getInputStream(), log, settings.maxLogBytes(), output.maxLine(), output);
      log = null;
      workers.execute(pump);
      feedStdin(process, profile.stdin() ? prompt : null);
      agent.watch(pump.done(), request.timeout());
      return agent;
    } catch (IOException | RuntimeException e) {
      if (process != null) {
        // Started, but could not be watched (the launcher is closing): do not leave it running.
        ProcessTree.kill(process.toHandle(), List.of());
      }
      String reason = startFailure(profile.name(), argv.get(0), request.workspace().path(), e);
      closeWithNote(log, logFile, reason);
      closeWithNote(transcript, transcriptFile, reason);
      return new FinishedAgent(AgentOutcome.stopped(task, AgentOutcome.Kind.FAILED_TO_START, reason,
          Duration.ofNanos(System.nanoTime() - startNanos), List.of(reason)));
    }
  }

  /**
   * One line on why an agent could not start, naming the profile and the fix: a program that is not
   * installed (the usual case) says so plainly instead of Java's "Cannot run program ... error=2".
   */
  static String startFailure(String profile, String program, java.nio.file.Path worktree, Exception e) {
    String fix = "; install it, or point agents." + profile + ".command in .porch.json at it (porch doctor checks"
        + " every profile)";
    boolean missing = e instanceof IOException && String.valueOf(e.getMessage()).contains("error=2")
        && java.nio.file.Files.isDirectory(worktree);
    return missing ? profile + ": could not start " + program + ": it is not installed or not on the PATH" + fix
        : profile + ": could not start " + program + " in " + worktree + ": " + e.getMessage() + fix;
  }

  /** The interactive command line for {@code request} (see {@link Interactive#command}). */
  public List<String> attachCommand(AgentRequest request) {
    return Interactive.command(profile(request), request, promptFile(request.task()));
  }

  /** Runs the interactive command for {@code request} on this process's terminal; its exit code. */
  public int attach(AgentRequest request) {
    AgentProfile profile = profile(request);
    Path prompt = promptFile(request.task());
    return Interactive.run(Interactive.command(profile, request, prompt), profile, request, prompt);
  }

  private AgentProfile profile(AgentRequest request) {
    AgentProfile profile = settings.profiles().get(request.agent()).orElseThrow(() -> new LaunchException(
        request.task(), "there is no agent profile '" + request.agent() + "'",
        List.of("known profiles: " + String.join(", ", settings.profiles().names()),
            "add one under \"agents\" in .porch.json"), null));
    if (!profile.runnable()) {
      throw new LaunchException(request.task(), "agent profile '" + profile.name() + "' has no command",
          List.of("set agents." + profile.name() + ".command in .porch.json, e.g. [\"my-agent\", \"{prompt}\"]"), null);
    }
    return profile;
  }

  static Map<String, String> placeholders(Workspace ws, String prompt, Path promptFile) {
    Map<String, String> v = new HashMap<>();
    v.put("prompt", prompt);
    v.put("prompt_file", promptFile.toAbsolutePath().toString());
    v.put("task", ws.task().value());
    v.put("worktree", ws.path().toAbsolutePath().toString());
    v.put("branch", ws.branch());
    v.put("base", ws.base());
    return v;
  }

  /** Sets porch's environment for an agent of {@code r}: the profile's, the request's, then {@code PORCH_*}. */
  static void environment(Map<String, String> env, AgentRequest r, AgentProfile profile, Path promptFile) {
    env.putAll(profile.environment());
    env.putAll(r.environment());
    Workspace ws = r.workspace();
    env.put("PORCH_TASK", r.task().value());
    env.put("PORCH_WORKTREE", ws.path().toAbsolutePath().toString());
    env.put("PORCH_BRANCH", ws.branch());
    env.put("PORCH_BASE", ws.base());
    env.put("PORCH_ATTEMPT", Integer.toString(r.attempt()));
    env.put("PORCH_PROMPT_FILE", promptFile.toAbsolutePath().toString());
    r.statusFile().ifPresentOrElse(p -> env.put("PORCH_STATUS_FILE", p.toAbsolutePath().toString()),
        () -> env.remove("PORCH_STATUS_FILE"));
    ws.port().ifPresentOrElse(p -> env.put("PORCH_PORT", Integer.toString(p)), () -> env.remove("PORCH_PORT"));
    r.role().ifPresentOrElse(role -> env.put("PORCH_ROLE", role), () -> env.remove("PORCH_ROLE"));
  }

  private static String header(AgentRequest r, List<String> argv, Optional<String> note) {
    String program = Optional.ofNullable(Path.of(argv.get(0)).getFileName()).map(Path::toString).orElse(argv.get(0));
    return "=== porch: task " + r.task() + ", attempt " + r.attempt() + ", " + Instant.now() + ", agent "
        + r.agent() + note.map(n -> ", " + n).orElse("") + ", program " + program + " (" + (argv.size() - 1) + " arguments, prompt elided) ===\n";
  }

  private void feedStdin(Process process, String prompt) {
    OutputStream stdin = process.getOutputStream();
    if (prompt == null) {
      closeQuietly(stdin);
      return;
    }
    workers.execute(() -> {
      try (stdin) {
        stdin.write(prompt.getBytes(StandardCharsets.UTF_8));
      } catch (IOException agentClosedItsInput) {
        // The agent stopped reading; its output and exit code tell the rest.
      }
    });
  }

  private void closeWithNote(OutputStream log, Path logFile, String note) {
    try (OutputStream out = log != null ? log : StateFiles.append(settings.statusDir(), logFile)) {
      out.write(("[porch: " + note + "]\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException ignored) {
      // The outcome carries the reason too.
    }
  }

  private static void closeQuietly(OutputStream out) {
    try {
      out.close();
    } catch (IOException ignored) {
      // Already closed by the agent exiting.
    }
  }
}
