package dev.porch.agent.internal.sandbox;

import dev.porch.core.port.AgentOutcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * What porch carries out of a cell once its agent has ended, before the engine sees the outcome:
 *
 * <ul>
 *   <li>the agent's branch, moved to the commit its private ref copy names (with {@code git
 *       update-ref}, which checks that it is a commit and that the branch is still where it was);
 *   <li>its status report: {@code porch complete | fail | block} run inside the sandbox cannot write
 *       {@code .agent-status/<task>.json}, so it writes the new status file to the cell's outbox
 *       ({@code PORCH_OUTBOX}) and porch moves it over the real one here, atomically. The file is
 *       what the agent could write itself without a sandbox, read by the same trust rules;
 *   <li>(the cell itself is removed by the caller once the outcome is out)
 *   <li>the outcome's reason, which names the sandbox when a failed agent's output shows writes it
 *       refused ({@code Read-only file system}, EROFS).
 * </ul>
 */
final class Delivery {
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{40}([0-9a-f]{24})?");
  static final Pattern DENIED = Pattern.compile("(?i)read-only file system|EROFS|operation not permitted");

  private Delivery() {}

  /**
   * Delivers and returns the outcome the engine should see.
   *
   * @param cell the agent's cell
   * @param statusFile the real status file, when the request had one
   * @param sandbox the sandbox in words, e.g. {@code bwrap (worktree)}
   * @param o the launcher's outcome
   * @param output the agent's last lines of output
   * @param refusedHosts the targets the network proxy refused ({@code host:port}), for a failed agent's reason
   */
  static AgentOutcome finish(Cell cell, Optional<Path> statusFile, String sandbox, AgentOutcome o, List<String> output,
      List<String> refusedHosts) {
    return withProblems(o, sandbox, output, deliver(cell, statusFile), refusedHosts);
  }

  /**
   * Moves the agent's branch and report out of {@code cell}.
   *
   * @param cell the agent's cell
   * @param statusFile the real status file, when there is one
   * @return what could not be delivered, in words; empty when all went out
   */
  static List<String> deliver(Cell cell, Optional<Path> statusFile) {
    List<String> problems = new ArrayList<>();
    try {
      branch(cell).ifPresent(problems::add);
    } catch (IOException | RuntimeException e) {
      problems.add("porch could not move the branch to the agent's commits: " + e.getMessage());
    }
    try {
      report(cell, statusFile);
    } catch (IOException | RuntimeException e) {
      problems.add("porch could not deliver the agent's status report: " + e.getMessage());
    }
    return problems;
  }

  /**
   * {@code o} with {@code problems} added to its reason, and the sandbox named when a failed agent's
   * output shows writes it refused.
   */
  static AgentOutcome withProblems(AgentOutcome o, String sandbox, List<String> output, List<String> problems,
      List<String> refusedHosts) {
    Optional<String> denied = o.succeeded() ? Optional.empty()
        : output.stream().filter(l -> DENIED.matcher(l).find()).findFirst();
    List<String> hosts = o.succeeded() ? List.of() : refusedHosts.stream().distinct().limit(5).toList();
    if (problems.isEmpty() && denied.isEmpty() && hosts.isEmpty()) {
      return o;
    }
    StringBuilder why = new StringBuilder(o.reason().orElse(o.succeeded() ? "" : "agent failed"));
    denied.ifPresent(l -> why.append(why.length() == 0 ? "" : "; ").append("the sandbox (").append(sandbox)
        .append(") refused a write outside the agent's worktree: ").append(l.strip()));
    if (!hosts.isEmpty()) {
      why.append(why.length() == 0 ? "" : "; ").append("the sandbox (").append(sandbox)
          .append(") refused connections to ").append(String.join(", ", hosts))
          .append(", not in the profile's network allow-list");
    }
    for (String p : problems) {
      why.append(why.length() == 0 ? "" : "; ").append(p);
    }
    return new AgentOutcome(o.task(), o.kind(), o.exitCode(), o.rateLimited(), o.duration(),
        Optional.of(why.toString()), o.logTail());
  }

  /** Moves the real branch to the private copy's commit; a problem in words, or empty. */
  private static Optional<String> branch(Cell cell) throws IOException {
    if (cell.git().isEmpty() || cell.refCopy().isEmpty() || !Files.isDirectory(cell.refs())) {
      return Optional.empty();
    }
    GitPaths g = cell.git().get();
    Path copy = cell.refCopy().get();
    if (!Files.isRegularFile(copy, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty(); // the agent deleted its branch's copy: nothing is moved
    }
    String now = Files.readString(copy, StandardCharsets.US_ASCII).trim();
    if (now.equals(cell.launchRef().orElse(""))) {
      return Optional.empty();
    }
    if (!HEX.matcher(now).matches()) {
      return Optional.of("the agent left its branch " + g.branch() + " pointing at '"
          + now.substring(0, Math.min(now.length(), 60)) + "', not a commit; porch left the branch where it was");
    }
    String old = cell.launchRef().orElse("0".repeat(now.length()));
    ProcessBuilder pb = new ProcessBuilder("git", "--git-dir=" + g.common(), "update-ref", "-m",
        "porch: commits of the sandboxed agent", g.refName(), now, old).redirectErrorStream(true);
    Process p = pb.start();
    String out;
    try (var in = p.getInputStream()) {
      out = new String(in.readNBytes(4096), StandardCharsets.UTF_8).strip();
    }
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.of("git update-ref " + g.refName() + " did not finish in 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      return Optional.of("interrupted while moving " + g.refName());
    }
    return p.exitValue() == 0 ? Optional.empty()
        : Optional.of("git refused to move " + g.refName() + " to the agent's commit " + now + ": " + out);
  }

  /** Moves the outbox's status file over the real one. */
  private static void report(Cell cell, Optional<Path> statusFile) throws IOException {
    if (statusFile.isEmpty()) {
      return;
    }
    Path file = statusFile.get();
    Path folder = dev.porch.core.StateLayout.of(cell.outbox()).statusFolder();
    Path sent = folder.resolve(file.getFileName());
    if (!Files.isRegularFile(sent, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    // the agent may write its outbox: a link in place of a folder there would make this move take
    // another file (another task's status) out of wherever it points
    if (!folder.toRealPath().equals(cell.dir().toRealPath().resolve(cell.dir().relativize(folder)))) {
      throw new IOException("the outbox " + folder + " is not a plain folder (a link?); the report was not taken");
    }
    Files.move(sent, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
