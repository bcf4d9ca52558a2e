package dev.porch.agent.internal.sandbox;

import dev.porch.agent.SandboxNeeds;
import dev.porch.core.port.AgentRequest;
import dev.porch.core.port.SandboxPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One agent's sandbox on disk: what it may write and its private folder ({@code
 * .agent-status/sandbox/<task>.<id>/}: {@code tmp}, {@code home} under strict, {@code outbox} for its
 * status report, {@code refs}, the private copy of its branch's ref folder under bwrap).
 *
 * <p>Why a private ref folder: git moves a branch by writing {@code <ref>.lock} next to the ref and
 * renaming it over the ref, so it needs to write the folder the ref is in, which holds every other
 * {@code feature/*} branch too. Under bwrap that folder is replaced by a private one holding copies
 * of the agent's own ref and of its siblings (folders of deeper branches are bound read-only). porch
 * moves the real branch to what the agent's copy says once the agent ends ({@link Delivery}) and
 * nothing else: a sibling "moved" inside the sandbox is a private copy that is thrown away. git
 * refuses such a move outright anyway, because it appends to the sibling's reflog first and {@code
 * logs/} is read-only (unless the agent turns reflogs off). sandbox-exec can allow two exact paths
 * instead, so on macOS the real ref is written live.
 *
 * <p>A cell made for a request with a status file has a {@link Manifest} beside it ({@code
 * <task>.<id>.json}), so that a porch re-attaching after a crash can deliver it ({@link Redelivery});
 * {@link #remove} removes both.
 *
 * @param policy the policy
 * @param worktree the agent's worktree
 * @param git its git paths, when it is a linked worktree
 * @param dir the private folder
 * @param declared the profile's folders: where they are, where the agent sees them
 * @param siblings folders in the branch's ref folder (deeper branches), bound read-only (bwrap only)
 * @param launchRef the branch's commit at launch, empty when it had none (bwrap only)
 */
public record Cell(SandboxPolicy policy, Path worktree, Optional<GitPaths> git, Path dir, List<Mount> declared,
    List<Path> siblings, Optional<String> launchRef) {
  /** The name of the folder under {@code .agent-status} that holds the cells. */
  public static final String FOLDER = "sandbox";

  /**
   * A folder bound into the sandbox.
   *
   * @param source where it is
   * @param target where the agent sees it
   */
  public record Mount(Path source, Path target) {}

  public Cell {
    declared = List.copyOf(declared);
    siblings = List.copyOf(siblings);
  }

  Path tmp() {
    return dir.resolve("tmp");
  }

  Path home() {
    return dir.resolve("home");
  }

  Path outbox() {
    return dir.resolve("outbox");
  }

  Path refs() {
    return dir.resolve("refs");
  }

  /** The private copy of the branch's ref (bwrap). */
  Optional<Path> refCopy() {
    return git.map(g -> refs().resolve(g.ref().getFileName().toString()));
  }

  /**
   * A new cell folder for {@code task}: {@code .agent-status/sandbox/<task>.<n>}, a name of its own
   * per launch, so that removing an ended agent's cell never races with the next launch's.
   */
  static Path cellFolder(Path statusDir, String task) {
    return statusDir.resolve(FOLDER).resolve(task + "." + Long.toString(SEQUENCE.incrementAndGet(), 36)
        + Long.toString(System.nanoTime() & 0xffffff, 36));
  }

  private static final java.util.concurrent.atomic.AtomicLong SEQUENCE = new java.util.concurrent.atomic.AtomicLong();

  /**
   * Makes the cell of {@code request}: a fresh private folder, and under bwrap the private ref folder.
   *
   * @param request the request (its status file's folder holds the cell; a temp folder without one)
   * @param policy worktree or strict
   * @param needs the profile's needs
   * @param userHome the user's home, for {@code ~/} entries
   * @param privateRefs whether to make the private ref folder (bwrap)
   * @return the cell
   * @throws IOException if a folder cannot be made
   */
  static Cell prepare(AgentRequest request, SandboxPolicy policy, SandboxNeeds needs, Path userHome,
      boolean privateRefs) throws IOException {
    Path worktree = request.workspace().path().toAbsolutePath().normalize();
    Path dir = request.statusFile().isPresent()
        ? cellFolder(request.statusFile().get().toAbsolutePath().getParent(), request.task().value())
        : Files.createTempDirectory("porch-sandbox-" + request.task().value());
    Files.createDirectories(dir.resolve("tmp"));
    Files.createDirectories(dev.porch.core.StateLayout.of(dir.resolve("outbox")).statusFolder());
    if (policy == SandboxPolicy.STRICT) {
      Files.createDirectories(dir.resolve("home"));
    }
    Optional<GitPaths> git = GitPaths.of(worktree, request.workspace().branch());
    List<Mount> declared = new ArrayList<>();
    for (String w : needs.writable()) {
      Path source = w.startsWith("~/") ? userHome.resolve(w.substring(2)) : Path.of(w);
      if (!source.isAbsolute() || !Files.exists(source)) {
        continue;
      }
      Path target = policy == SandboxPolicy.STRICT && w.startsWith("~/") ? dir.resolve("home").resolve(w.substring(2))
          : source;
      declared.add(new Mount(source, target));
    }
    List<Path> siblings = new ArrayList<>();
    Optional<String> launchRef = Optional.empty();
    if (privateRefs && git.isPresent()) {
      GitPaths g = git.get();
      launchRef = g.resolve();
      Files.createDirectories(dir.resolve("refs"));
      Files.createDirectories(g.refFolder()); // git makes it with the first branch in it; the bind needs it now
      if (launchRef.isPresent()) {
        Files.writeString(dir.resolve("refs").resolve(g.ref().getFileName().toString()), launchRef.get() + "\n",
            StandardCharsets.US_ASCII);
      }
      try (Stream<Path> all = Files.list(g.refFolder())) {
        for (Path p : all.filter(p -> !p.getFileName().equals(g.ref().getFileName())).sorted().toList()) {
          if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            siblings.add(p); // a folder of deeper branches: bound read-only (one mount, ~1.5 ms)
          } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !p.getFileName().toString().endsWith(".lock")) {
            // a sibling branch: a copy, so the agent's git still sees it; a mount per branch would cost
            // ~1.5 ms each (100 branches: +150 ms per launch, measured)
            Files.copy(p, dir.resolve("refs").resolve(p.getFileName()));
          }
        }
      }
      if (!Files.exists(g.reflog(), LinkOption.NOFOLLOW_LINKS) && launchRef.isPresent()) {
        // git appends to the branch's reflog on every commit and fails the commit when it cannot
        Files.createDirectories(g.reflog().getParent());
        Files.createFile(g.reflog());
      }
    }
    return new Cell(policy, worktree, git, dir.toAbsolutePath(), declared, siblings, launchRef);
  }

  /** Removes the private folder and everything in it, and its manifest; best effort. */
  void remove() {
    try {
      if (dir.getParent() != null && dir.getParent().getFileName() != null
          && dir.getParent().getFileName().toString().equals(FOLDER)) {
        Files.deleteIfExists(Manifest.fileOf(dir));
      }
      delete(dir);
    } catch (IOException ignored) {
      // The next launch of the task clears it again.
    }
  }

  static void delete(Path folder) throws IOException {
    if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> all = Files.walk(folder)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
