package dev.porch.git;

import dev.porch.core.BranchInUseException;
import dev.porch.core.ChangedFile;
import dev.porch.core.ConflictMatrix;
import dev.porch.core.DiffStat;
import dev.porch.core.DirtyWorktreeException;
import dev.porch.core.MergeResult;
import dev.porch.core.TaskName;
import dev.porch.core.TestCommand;
import dev.porch.core.UnmergedBranchException;
import dev.porch.core.Workspace;
import dev.porch.core.WorkspaceException;
import dev.porch.core.WorkspaceInfo;
import dev.porch.core.WorkspaceProvider;
import dev.porch.core.WorkspaceSpec;
import dev.porch.git.internal.Environment;
import dev.porch.git.internal.Git;
import dev.porch.git.internal.Ports;
import dev.porch.git.internal.Worktrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * porch's {@link WorkspaceProvider} over real git: worktrees in {@code <repo>/.worktrees/<task>} on
 * branches {@code feature/<task>}, made and judged with the git CLI (git 2.38 or newer).
 *
 * <p>Why the CLI and not JGit: JGit has no worktree API (and porch must not hand-write git's admin
 * files); {@code git merge-tree --write-tree} answers a conflict question in 30-50 ms against
 * JGit's 65-140 ms (DESIGN.md); and a merge done by git itself leaves the index and working tree
 * exactly as a user's {@code git merge} would, including {@code --abort} on conflict.
 *
 * <p>Thread-safe. Creating worktrees is serialised (concurrent {@code git worktree add} in one
 * repository is not safe); populating them runs in parallel.
 *
 * <pre>{@code
 * GitWorkspaces git = GitWorkspaces.open(Path.of("."));
 * git.init();
 * List<Workspace> ws = git.create(List.of(WorkspaceSpec.of(TaskName.of("auth-1"), "main")));
 * }</pre>
 */
public final class GitWorkspaces implements WorkspaceProvider {
  /** The folder, under the repository root, that holds porch's worktrees. */
  public static final String FOLDER = ".worktrees";

  private final Git git;
  private final Path root;
  private final Path worktrees;
  private final String branchPrefix;
  private final int parallelism;
  private final Ports ports;
  private final Environment environment;
  private final Object createLock = new Object();

  private GitWorkspaces(Builder b, Git git, Path root) {
    this.git = git;
    this.root = root;
    this.worktrees = root.resolve(FOLDER);
    this.branchPrefix = b.branchPrefix;
    this.parallelism = b.parallelism;
    this.ports = new Ports(worktrees, b.firstPort, b.portCount);
    this.environment = new Environment(git, root, Optional.ofNullable(b.setup), b.setupTimeout);
  }

  /**
   * Opens the repository around {@code anyPathInRepo} with default settings.
   *
   * @throws WorkspaceException if it is not in a git repository, or the repository is bare
   * @throws dev.porch.core.GitVersionException if git is missing or older than 2.38
   */
  public static GitWorkspaces open(Path anyPathInRepo) {
    return builder(anyPathInRepo).build();
  }

  /** A builder for the repository around {@code anyPathInRepo}. */
  public static Builder builder(Path anyPathInRepo) {
    return new Builder(anyPathInRepo);
  }

  /**
   * The main worktree of the repository around {@code cwd}, from any subfolder or linked worktree.
   *
   * @throws WorkspaceException if {@code cwd} is not inside a git repository, or it is bare
   */
  public static Path findRoot(Path cwd) {
    return findRoot(new Git("git", Duration.ofSeconds(30)), cwd);
  }

  private static Path findRoot(Git git, Path cwd) {
    Path dir = cwd.toAbsolutePath().normalize();
    while (!Files.isDirectory(dir) && dir.getParent() != null) {
      dir = dir.getParent();
    }
    git.requireVersion(dir);
    Git.Result r = git.run(dir, "rev-parse", "--path-format=absolute", "--git-common-dir");
    if (!r.ok()) {
      throw new WorkspaceException("not a git repository (or any parent): " + cwd,
          List.of("run porch inside a git repository, or point at one with -C DIR"));
    }
    Path common = Path.of(r.out().strip());
    if ("true".equals(git.run(dir, "rev-parse", "--is-bare-repository").out().strip())
        || !common.getFileName().toString().equals(".git")) {
      throw new WorkspaceException("the repository at " + common + " is bare; porch needs a working tree",
          List.of("clone it (git clone " + common + ") and run porch in the clone"));
    }
    return common.getParent();
  }

  /** The version of git in use, e.g. {@code 2.39.5}. */
  public String gitVersion() {
    return git.requireVersion(root);
  }

  /**
   * Adds {@code .worktrees/} and {@code .agent-status/} to {@code .git/info/exclude} (never to a
   * tracked file); idempotent.
   */
  public void init() {
    Path exclude = Path.of(git.check(root, "rev-parse", "--path-format=absolute", "--git-common-dir").out().strip())
        .resolve("info/exclude");
    try {
      Files.createDirectories(exclude.getParent());
      String text = Files.exists(exclude) ? Files.readString(exclude, StandardCharsets.UTF_8) : "";
      StringBuilder add = new StringBuilder();
      for (String line : List.of(FOLDER + "/", ".agent-status/")) {
        if (text.lines().noneMatch(l -> l.strip().equals(line) || l.strip().equals("/" + line))) {
          add.append(line).append('\n');
        }
      }
      if (add.length() > 0) {
        String prefix = text.isEmpty() || text.endsWith("\n") ? "" : "\n";
        Files.writeString(exclude, text + prefix + "# porch\n" + add, StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new WorkspaceException("cannot update " + exclude + ": " + e.getMessage(), e);
    }
  }

  /**
   * The task whose worktree {@code cwd} is in, if any (for an agent reporting from inside it).
   *
   * @param cwd a directory
   * @return the task of {@code .worktrees/<task>} containing it
   */
  public Optional<TaskName> taskAt(Path cwd) {
    Path abs = cwd.toAbsolutePath().normalize();
    if (!abs.startsWith(worktrees) || abs.equals(worktrees)) {
      return Optional.empty();
    }
    String name = worktrees.relativize(abs).getName(0).toString();
    return TaskName.isValid(name) ? Optional.of(TaskName.of(name)) : Optional.empty();
  }

  @Override
  public Path root() {
    return root;
  }

  @Override
  public String currentBranch() {
    requireCommits();
    Git.Result r = git.run(root, "symbolic-ref", "--short", "-q", "HEAD");
    if (!r.ok()) {
      throw new WorkspaceException("HEAD is detached in " + root + "; porch needs a branch to start from and merge into",
          List.of("check out a branch (git switch main), or give one with --base"));
    }
    return r.out().strip();
  }

  @Override
  public String defaultBranch(TaskName task) {
    return branchPrefix + task.value();
  }

  @Override
  public List<Workspace> create(List<WorkspaceSpec> specs) {
    init(); // keep .worktrees/ and .agent-status/ out of the user's git status, even without porch init
    return new Creator(this, git, root, worktrees, parallelism).create(specs);
  }

  /** Ports for new tasks; the live worktrees are listed once, not once per task. */
  java.util.Map<TaskName, OptionalInt> assignPorts(List<TaskName> tasks) {
    Set<TaskName> live = new HashSet<>(tasks);
    list().forEach(w -> w.task().ifPresent(live::add));
    java.util.Map<TaskName, OptionalInt> out = new java.util.HashMap<>();
    for (TaskName t : tasks) {
      out.put(t, OptionalInt.of(ports.assign(t, live)));
    }
    return out;
  }

  Object createLock() {
    return createLock;
  }

  void requireCommits() {
    if (!git.run(root, "rev-parse", "--verify", "-q", "HEAD^{commit}").ok()) {
      throw new WorkspaceException("the repository at " + root + " has no commits yet",
          List.of("make a first commit (git commit --allow-empty -m init), then try again"));
    }
  }

  @Override
  public Optional<String> setUp(Workspace workspace) {
    return environment.prepare(workspace);
  }

  @Override
  public Optional<Workspace> find(TaskName task) {
    Path path = worktrees.resolve(task.value());
    for (WorkspaceInfo w : list()) {
      if (w.path().equals(path) && !w.prunable()) {
        String branch = w.branch().orElse(w.head().orElse("HEAD"));
        String base = currentBranchOr("HEAD");
        String baseCommit = git.run(root, "merge-base", base, branch).out().strip();
        return Optional.of(new Workspace(task, path, FOLDER + "/" + task.value(), branch, base, baseCommit,
            ports.get(task)));
      }
    }
    return Optional.empty();
  }

  private String currentBranchOr(String fallback) {
    Git.Result r = git.run(root, "symbolic-ref", "--short", "-q", "HEAD");
    return r.ok() ? r.out().strip() : fallback;
  }

  @Override
  public List<WorkspaceInfo> list() {
    return Worktrees.parse(git.check(root, "worktree", "list", "--porcelain", "-z").fields(), worktrees);
  }

  @Override
  public List<String> uncommitted(TaskName task) {
    Path path = safePath(task);
    if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      throw new WorkspaceException("task " + task + " has no worktree at " + path,
          List.of("if its folder was deleted by hand, run porch cleanup " + task + " (it prunes git's records)"));
    }
    List<String> files = new ArrayList<>();
    for (String f : git.check(path, "status", "--porcelain=v1", "-z", "--untracked-files=all").fields()) {
      if (f.length() > 3 && f.charAt(2) == ' ') {
        files.add(f.substring(3));
      }
    }
    return files;
  }

  @Override
  public void remove(TaskName task, boolean force) {
    Path path = safePath(task);
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      prune();
      ports.free(task);
      return;
    }
    if (!force) {
      List<String> dirty = uncommitted(task);
      if (!dirty.isEmpty()) {
        throw new DirtyWorktreeException(path, dirty);
      }
    }
    List<String> args = new ArrayList<>(List.of("worktree", "remove"));
    if (force) {
      args.add("--force");
    }
    args.add(path.toString());
    git.check(root, args.toArray(String[]::new));
    ports.free(task);
  }

  /** {@code <root>/.worktrees/<task>}, refusing a folder that is a link or leads elsewhere. */
  Path safePath(TaskName task) {
    Path path = worktrees.resolve(task.value());
    try {
      if (Files.isSymbolicLink(worktrees) || Files.isSymbolicLink(path)
          || (Files.exists(path) && !path.toRealPath().startsWith(root.toRealPath()))) {
        throw new WorkspaceException("refusing to touch " + path + ": it is a symbolic link or leads outside " + root,
            List.of("remove the link by hand if it is yours"));
      }
    } catch (IOException e) {
      throw new WorkspaceException("cannot inspect " + path + ": " + e.getMessage(), e);
    }
    return path;
  }

  @Override
  public void prune() {
    git.check(root, "worktree", "prune");
  }

  @Override
  public Optional<String> resolve(String ref) {
    if (ref.startsWith("-")) {
      return Optional.empty();
    }
    Git.Result r = git.run(root, "rev-parse", "--verify", "-q", "--end-of-options", ref + "^{commit}");
    return r.ok() ? Optional.of(r.out().strip()) : Optional.empty();
  }

  @Override
  public List<ChangedFile> changedFiles(String branch, String base) {
    return Diffs.changedFiles(git.check(root, "diff", "--name-status", "-M", "-z", range(base, branch)).fields());
  }

  @Override
  public DiffStat diffStat(String branch, String base) {
    return Diffs.stat(git.check(root, "diff", "--numstat", "-M", range(base, branch)).lines());
  }

  @Override
  public Optional<String> lastCommitMessage(String branch, String base) {
    String msg = git.check(root, "log", "-1", "--format=%B", base + ".." + checkRef(branch)).out().strip();
    return msg.isEmpty() ? Optional.empty() : Optional.of(msg);
  }

  @Override
  public Optional<String> readFile(Workspace workspace, String relativePath) {
    Path dir = workspace.path().toAbsolutePath().normalize();
    Path file = dir.resolve(relativePath).normalize();
    if (!file.startsWith(dir) || Path.of(relativePath).isAbsolute()) {
      throw new IllegalArgumentException("path " + relativePath + " leaves the workspace " + dir);
    }
    try {
      if (!Files.isRegularFile(file)) {
        return Optional.empty();
      }
      if (!file.toRealPath().startsWith(dir.toRealPath())) {
        throw new IllegalArgumentException("path " + relativePath + " leads outside the workspace " + dir);
      }
      if (Files.size(file) > 1024 * 1024) {
        return Optional.of(new String(Files.newInputStream(file).readNBytes(1024 * 1024), StandardCharsets.UTF_8));
      }
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  @Override
  public ConflictMatrix predictConflicts(List<String> branches, String target) {
    branches.forEach(GitWorkspaces::checkRef);
    return Merges.predict(git, root, branches, parallelism);
  }

  @Override
  public MergeResult merge(String branch, String target, String message) {
    return Merges.merge(this, git, root, checkRef(branch), checkRef(target), message);
  }

  @Override
  public boolean isMerged(String branch, String target) {
    Git.Result r = git.run(root, "merge-base", "--is-ancestor", checkRef(branch), checkRef(target));
    if (r.exit() > 1) {
      throw Git.failure(r, "merge-base");
    }
    return r.exit() == 0;
  }

  @Override
  public void deleteBranch(String branch, String target, boolean force) {
    checkRef(branch);
    for (WorkspaceInfo w : list()) {
      if (w.branch().filter(branch::equals).isPresent()) {
        throw new BranchInUseException(branch, w.path());
      }
    }
    if (!git.run(root, "show-ref", "--verify", "-q", "refs/heads/" + branch).ok()) {
      return;
    }
    if (!force && !isMerged(branch, target)) {
      throw new UnmergedBranchException(branch, target);
    }
    git.check(root, "branch", "-D", "--", branch);
  }

  /** Refuses a ref that git would read as an option. */
  static String checkRef(String ref) {
    Objects.requireNonNull(ref, "ref");
    if (ref.isBlank() || ref.startsWith("-")) {
      throw new IllegalArgumentException("'" + ref + "' is not a branch or commit");
    }
    return ref;
  }

  private static String range(String base, String branch) {
    return checkRef(base) + "..." + checkRef(branch);
  }

  /** Options for {@link GitWorkspaces}; each setter may be called once. */
  public static final class Builder {
    private final Path start;
    private String branchPrefix = "feature/";
    private int parallelism = Math.max(2, Runtime.getRuntime().availableProcessors());
    private TestCommand setup;
    private Duration setupTimeout = Duration.ofMinutes(10);
    private int firstPort = 41000;
    private int portCount = 1000;
    private String executable = "git";
    private Duration timeout = Duration.ofMinutes(5);

    private Builder(Path start) {
      this.start = Objects.requireNonNull(start, "path");
    }

    /**
     * Prefix of task branches (default {@code feature/}).
     *
     * @throws IllegalArgumentException if it is empty, starts with '-' or has spaces or '..'
     */
    public Builder branchPrefix(String prefix) {
      Objects.requireNonNull(prefix, "prefix");
      if (prefix.startsWith("-") || prefix.contains("..") || prefix.contains(" ") || prefix.contains("\\")) {
        throw new IllegalArgumentException("branch prefix '" + prefix + "' is not usable in a git branch name");
      }
      this.branchPrefix = prefix;
      return this;
    }

    /** How many git processes may populate worktrees or check conflicts at once (1..64). */
    public Builder parallelism(int n) {
      if (n < 1 || n > 64) {
        throw new IllegalArgumentException("parallelism must be from 1 to 64, got " + n);
      }
      this.parallelism = n;
      return this;
    }

    /** A command run in each new worktree by {@link #setUp}. */
    public Builder setupCommand(TestCommand command) {
      this.setup = Objects.requireNonNull(command, "command");
      return this;
    }

    /** The range {@code PORCH_PORT} values come from. */
    public Builder portRange(int first, int count) {
      if (first < 1024 || count < 1 || first + count > 65536) {
        throw new IllegalArgumentException("port range " + first + "+" + count + " must lie within 1024..65535");
      }
      this.firstPort = first;
      this.portCount = count;
      return this;
    }

    /** The git program (default {@code git} on PATH). */
    public Builder gitExecutable(String program) {
      this.executable = Objects.requireNonNull(program, "program");
      return this;
    }

    /** Longest one git command may run (default 5 minutes). */
    public Builder commandTimeout(Duration t) {
      if (t.isNegative() || t.isZero()) {
        throw new IllegalArgumentException("timeout must be positive");
      }
      this.timeout = t;
      return this;
    }

    /**
     * Opens the repository.
     *
     * @throws WorkspaceException if it is not a git repository or is bare
     * @throws dev.porch.core.GitVersionException if git is missing or too old
     */
    public GitWorkspaces build() {
      Git git = new Git(executable, timeout);
      return new GitWorkspaces(this, git, findRoot(git, start));
    }
  }
}
