package dev.porch.git;

import dev.porch.core.RepairReport;
import dev.porch.core.StateLayout;
import dev.porch.core.TaskName;
import dev.porch.core.error.BranchInUseException;
import dev.porch.core.error.UnmergedBranchException;
import dev.porch.core.error.WorkspaceException;
import dev.porch.core.port.ChangedFile;
import dev.porch.core.port.ConflictMatrix;
import dev.porch.core.port.DiffStat;
import dev.porch.core.port.LeftoverCommit;
import dev.porch.core.port.MergeResult;
import dev.porch.core.port.TestCommand;
import dev.porch.core.port.Workspace;
import dev.porch.core.port.WorkspaceInfo;
import dev.porch.core.port.WorkspaceProvider;
import dev.porch.core.port.WorkspaceSpec;
import dev.porch.git.internal.Conflicts;
import dev.porch.git.internal.Creator;
import dev.porch.git.internal.Diffs;
import dev.porch.git.internal.Discovery;
import dev.porch.git.internal.GitCli;
import dev.porch.git.internal.Layout;
import dev.porch.git.internal.Leftovers;
import dev.porch.git.internal.Merger;
import dev.porch.git.internal.Patches;
import dev.porch.git.internal.Pools;
import dev.porch.git.internal.Refs;
import dev.porch.git.internal.Repairs;
import dev.porch.git.internal.SafeFiles;
import dev.porch.git.internal.Worktrees;
import dev.porch.git.internal.env.PortRegistry;
import dev.porch.git.internal.env.Setup;
import dev.porch.git.internal.env.TrustStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * {@link WorkspaceProvider} over a real git repository: worktrees under {@code .worktrees/<task>} on
 * branches {@code feature/<task>}, made and removed with the git CLI (git 2.38 or newer), refs,
 * history and diffs read with JGit, merges and conflict predictions done by git itself.
 *
 * <p>Guarantees the port's safety rules (see {@link WorkspaceProvider}): it writes only under
 * {@code <root>/.worktrees/} (plus refs and merge commits, {@code .git/info/exclude} in {@link
 * #init()} and setup logs under {@code .agent-status/logs/}), refuses symlinked or escaping task
 * folders, and leaves the repository as it was when an operation fails.
 *
 * <p><b>Threads.</b> Thread-safe. Holds a pool of named daemon threads ({@code porch-git-N}) for
 * parallel git work and an open JGit repository; {@link #close()} stops and closes both.
 *
 * <pre>{@code
 * try (GitWorkspaces git = GitWorkspaces.open(Path.of("."))) {
 *   git.init();
 *   List<Workspace> ws = git.create(List.of(WorkspaceSpec.of(TaskName.of("auth-1"))));
 *   git.setUp(ws.get(0));
 * }
 * }</pre>
 */
public final class GitWorkspaces implements WorkspaceProvider, AutoCloseable {
  private final GitCli cli;
  private final Layout layout;
  private final Repository repo;
  private final Refs refs;
  private final Worktrees worktrees;
  private final Diffs diffs;
  private final Patches patches;
  private final Conflicts conflicts;
  private final Merger merger;
  private final Creator creator;
  private final PortRegistry ports;
  private final Setup setup;
  private final Repairs repairs;
  private final Leftovers leftovers;
  private final ExecutorService pool;
  private final String branchPrefix;
  private final String version;
  private final Optional<Path> trustStore;

  private GitWorkspaces(Builder b) {
    this.cli = new GitCli(b.gitExecutable, b.commandTimeout);
    this.version = cli.checkVersion(Discovery.existingFolder(b.start));
    this.layout = new Layout(Discovery.root(cli, b.start));
    try {
      this.repo = new FileRepositoryBuilder().setWorkTree(layout.root().toFile()).setMustExist(true).build();
    } catch (IOException e) {
      throw new WorkspaceException("cannot open the repository at " + layout.root() + ": " + e.getMessage(), e);
    }
    this.pool = Pools.fixed("porch-git", b.parallelism);
    this.branchPrefix = b.branchPrefix;
    this.trustStore = b.trustStore;
    this.refs = new Refs(repo);
    this.worktrees = new Worktrees(cli, layout);
    this.diffs = new Diffs(repo, refs);
    this.patches = new Patches(cli, layout.root(), refs);
    this.conflicts = new Conflicts(cli, layout.root(), refs, repo, pool);
    this.merger = new Merger(cli, layout.root(), refs, worktrees);
    this.ports = new PortRegistry(layout, b.portFirst, b.portCount, b.portsPerTask, b.userPorts);
    this.creator = new Creator(layout, refs, worktrees, ports, pool);
    this.setup = new Setup(cli, layout, b.setupCommand, b.setupTimeout, b.share, b.trustStore.map(TrustStore::new));
    this.repairs = new Repairs(cli, layout, refs, worktrees, branchPrefix);
    this.leftovers = new Leftovers(cli, layout);
  }

  /**
   * A provider with the defaults, for the repository around {@code anyPathInRepo}.
   *
   * @param anyPathInRepo the repository's root, any folder inside it, or inside a linked worktree
   * @return the provider; close it when done
   * @throws dev.porch.core.error.GitVersionException if git is missing or older than 2.38
   * @throws WorkspaceException if the path is in no repository, or the repository is bare
   */
  public static GitWorkspaces open(Path anyPathInRepo) {
    return builder(anyPathInRepo).build();
  }

  /**
   * A builder for a provider over the repository around {@code anyPathInRepo}.
   *
   * @param anyPathInRepo any folder of the repository or of one of its worktrees
   * @return a builder with the defaults
   */
  public static Builder builder(Path anyPathInRepo) {
    return new Builder(anyPathInRepo);
  }

  /**
   * The main worktree of the repository around {@code cwd}: the same answer from its root, any
   * subfolder, or inside a linked worktree such as {@code .worktrees/auth-1/src}.
   *
   * @param cwd a folder
   * @return the main worktree's root, absolute and symlink-free
   * @throws WorkspaceException if {@code cwd} is in no repository, or the repository is bare
   */
  public static Path findRoot(Path cwd) {
    GitCli git = new GitCli("git", Duration.ofSeconds(30));
    git.checkVersion(Discovery.existingFolder(cwd));
    return Discovery.root(git, cwd);
  }

  /**
   * Where the trusted setup files are remembered for this environment: {@code
   * $XDG_CONFIG_HOME/porch/trusted.json}, else {@code $HOME/.config/porch/trusted.json}; {@code
   * %APPDATA%\porch\trusted.json} on Windows.
   *
   * @param env an environment (the CLI's, which tests give)
   * @return the file, or empty when the environment names no home
   */
  public static Optional<Path> trustStoreFor(java.util.Map<String, String> env) {
    return TrustStore.defaultFile(env, System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows"));
  }

  /**
   * Where the user's record of every repository's port blocks lives for this environment: {@code
   * $XDG_STATE_HOME/porch/ports.json}, else {@code $HOME/.local/state/porch/ports.json}; {@code
   * %LOCALAPPDATA%\porch\ports.json} on Windows.
   *
   * @param env an environment (the CLI's, which tests give)
   * @return the file, or empty when the environment names no home
   */
  public static Optional<Path> userPortsFor(java.util.Map<String, String> env) {
    return PortRegistry.userFile(env, System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows"));
  }

  /**
   * The version of the {@code git} porch would run, for a health check.
   *
   * @param dir an existing folder to run it in
   * @return the version, e.g. {@code 2.39.5}
   * @throws dev.porch.core.error.GitVersionException if git is missing (found is null) or older than 2.38
   */
  public static String checkGitVersion(Path dir) {
    return new GitCli("git", Duration.ofSeconds(30)).checkVersion(Discovery.existingFolder(dir));
  }

  /**
   * The folders porch keeps its state in that git would not ignore: {@code .worktrees/} and {@code
   * .agent-status/} are listed unless {@link #init()} (or an ignore file) excludes them.
   *
   * @return the folders git would see, empty when both are excluded
   */
  public List<String> notExcluded() {
    List<String> folders = List.of(StateLayout.WORKTREES_FOLDER + "/", StateLayout.STATUS_FOLDER + "/");
    // a file inside each: git answers for paths, and the folders need not exist yet
    List<String> args = new java.util.ArrayList<>(List.of("check-ignore", "--"));
    folders.forEach(f -> args.add(f + "porch-check"));
    GitCli.Result r = cli.run(layout.root(), args);
    return folders.stream().filter(f -> !r.out().contains(f + "porch-check")).toList();
  }

  /**
   * The git identity of this repository's user ({@code user.name} and {@code user.email} as git
   * resolves them here, global config included) as the variables {@code GIT_AUTHOR_NAME},
   * {@code GIT_AUTHOR_EMAIL}, {@code GIT_COMMITTER_NAME} and {@code GIT_COMMITTER_EMAIL}, for agents'
   * environments: some agent CLIs (Gemini CLI) run git with the global config hidden, so an agent's
   * own commit would otherwise fail with "Author identity unknown".
   *
   * @return the four variables, or an empty map when either setting is missing
   */
  public java.util.Map<String, String> identityEnvironment() {
    GitCli.Result name = cli.run(layout.root(), List.of("config", "user.name"));
    GitCli.Result email = cli.run(layout.root(), List.of("config", "user.email"));
    if (!name.ok() || !email.ok() || name.out().isBlank() || email.out().isBlank()) {
      return java.util.Map.of();
    }
    String n = name.out().strip();
    String e = email.out().strip();
    return java.util.Map.of("GIT_AUTHOR_NAME", n, "GIT_AUTHOR_EMAIL", e, "GIT_COMMITTER_NAME", n,
        "GIT_COMMITTER_EMAIL", e);
  }

  /**
   * Adds {@code .worktrees/} and {@code .agent-status/} to the repository's {@code info/exclude}
   * (not to a tracked file), once.
   *
   * @throws WorkspaceException if the file cannot be written
   */
  public void init() {
    setup.exclude(Path.of(cli.ok(layout.root(), List.of("rev-parse", "--path-format=absolute", "--git-common-dir")).strip()));
  }

  /**
   * The task whose worktree {@code cwd} is in (or under), e.g. when an agent runs {@code porch
   * complete} inside {@code .worktrees/auth-1/src}.
   *
   * @param cwd a folder
   * @return the task, or empty when {@code cwd} is not inside a task's worktree
   */
  public Optional<TaskName> taskAt(Path cwd) {
    return layout.taskContaining(cwd);
  }

  /** The version of the git command line in use, e.g. {@code 2.39.5}. */
  public String gitVersion() {
    return version;
  }

  /**
   * The pager git would page its own output with ({@code git var GIT_PAGER}: {@code GIT_PAGER}, then
   * {@code core.pager}, then {@code PAGER}, then {@code less}), for front ends that show git's text
   * on a terminal.
   *
   * @return the pager command line, or empty when git would not page ({@code cat} or empty)
   * @throws WorkspaceException if git fails
   */
  public Optional<String> pager() {
    String p = cli.ok(layout.root(), List.of("var", "GIT_PAGER")).strip();
    return p.isEmpty() || p.equals("cat") ? Optional.empty() : Optional.of(p);
  }

  /**
   * Whether git would colour a diff shown on a terminal ({@code git config --get-colorbool color.diff
   * true}: {@code color.diff}, then {@code color.ui}, default on), for front ends that show git's
   * text on a terminal and should leave it plain where the person switched git's colours off.
   *
   * @return false when the person's git configuration turns diff colours off
   * @throws WorkspaceException if git fails
   */
  public boolean coloursDiffs() {
    return cli.ok(layout.root(), List.of("config", "--get-colorbool", "color.diff", "true")).strip().equals("true");
  }

  @Override
  public Path root() {
    return layout.root();
  }

  @Override
  public String currentBranch() {
    return refs.currentBranch();
  }

  @Override
  public String defaultBranch(TaskName task) {
    return branchPrefix + task.value();
  }

  /** {@inheritDoc} Runs {@code git for-each-ref refs/heads/}; a name after the prefix that is no task name is left out. */
  @Override
  public java.util.SortedMap<TaskName, String> taskBranches() {
    java.util.SortedMap<TaskName, String> out = new java.util.TreeMap<>();
    String heads = cli.ok(layout.root(), List.of("for-each-ref", "--format=%(refname)", "refs/heads/"));
    for (String ref : heads.lines().toList()) {
      String branch = ref.strip().substring(Math.min(ref.strip().length(), "refs/heads/".length()));
      if (branch.startsWith(branchPrefix) && TaskName.isValid(branch.substring(branchPrefix.length()))) {
        out.put(TaskName.of(branch.substring(branchPrefix.length())), branch);
      }
    }
    return out;
  }

  @Override
  public List<Workspace> create(List<WorkspaceSpec> specs) {
    if (specs.isEmpty()) {
      return List.of();
    }
    List<Creator.Planned> plan = creator.plan(specs, this::defaultBranch);
    init(); // so that new worktrees never show in the main worktree's git status
    return creator.make(plan);
  }

  @Override
  public Optional<String> setUp(Workspace workspace) {
    return setup.run(workspace);
  }

  /**
   * What the last {@link #setUp} of {@code task} in this process did and skipped, one line each: the
   * setup file used (and those not used, or skipped as untrusted, with the hint), and for each shared
   * folder the way it was shared and how long that took, e.g. {@code shared node_modules as a clone
   * in 412 ms}. Empty before it ran. The same lines are in the task's setup log.
   *
   * @param task the task
   * @return the lines, in order
   */
  public List<String> setupNotes(TaskName task) {
    return setup.notes(task);
  }

  /**
   * One setup file of another tool that porch would run (Cursor's, Conductor's), as the trust step
   * shows it.
   *
   * @param file the file, relative to the repository, e.g. {@code .cursor/worktrees.json}
   * @param state {@code trusted}, {@code untrusted} or {@code changed} (trusted once, edited since)
   * @param commands the commands it runs, as porch would start them
   */
  public record SetupFile(String file, String state, List<String> commands) {
    public SetupFile {
      commands = List.copyOf(commands);
    }
  }

  /**
   * The other tools' setup files in the main worktree, in porch's order of precedence, with whether
   * each is trusted.
   *
   * @return the files; empty when there are none
   * @throws WorkspaceException if one cannot be read or parsed
   */
  public List<SetupFile> setupFiles() {
    try {
      return setup.trustEntries().stream().map(e -> new SetupFile(e.file(), e.state(), e.commands())).toList();
    } catch (IOException e) {
      throw new WorkspaceException("cannot read the setup files in " + layout.root() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Trusts (or forgets) the current content of setup files: porch runs a trusted file's commands in
   * new worktrees until its content changes. Remembered outside the repository (see {@link
   * Builder#trustStore}).
   *
   * @param files files as {@link #setupFiles()} names them; empty for all of them
   * @param trust true to trust, false to forget
   * @return the files after the change
   * @throws WorkspaceException if a named file is not a setup file porch reads, or there is no trust
   *     store (no home folder)
   */
  public List<SetupFile> trustSetupFiles(java.util.Collection<String> files, boolean trust) {
    TrustStore store = trustStore.map(TrustStore::new).orElseThrow(() -> new WorkspaceException(
        "porch has nowhere to remember trusted files: set HOME (or XDG_CONFIG_HOME, APPDATA on Windows)"));
    List<Setup.TrustEntry> entries;
    try {
      entries = setup.trustEntries();
    } catch (IOException e) {
      throw new WorkspaceException("cannot read the setup files in " + layout.root() + ": " + e.getMessage(), e);
    }
    for (String f : files) {
      if (entries.stream().noneMatch(e -> e.file().equals(f) || e.file().startsWith(f + " "))) {
        throw new WorkspaceException(f + " is not a setup file porch reads here",
            List.of("porch reads " + entries.stream().map(Setup.TrustEntry::file).toList()
                + "; 'porch trust --list' shows them"));
      }
    }
    for (Setup.TrustEntry e : entries) {
      if (files.isEmpty() || files.stream().anyMatch(f -> e.file().equals(f) || e.file().startsWith(f + " "))) {
        if (trust) {
          store.trust(e.key(), e.hash());
        } else {
          store.revoke(e.key());
        }
      }
    }
    return setupFiles();
  }

  /**
   * {@inheritDoc}
   *
   * <p>The base is read back from the branch's reflog ("Created from main"), else the current
   * branch. A worktree whose folder is gone is not found; one on a detached HEAD is found with its
   * commit id as {@code branch}.
   */
  @Override
  public Optional<Workspace> find(TaskName task) {
    return worktrees.find(task).filter(w -> !w.prunable() && w.head().isPresent()).map(w -> {
      String branch = w.branch().orElse(w.head().get());
      String base = w.branch().flatMap(refs::createdFrom)
          .filter(b -> !b.equals("HEAD") && refs.resolve(b).isPresent())
          .orElseGet(refs::currentBranch);
      String baseCommit = refs.mergeBase(branch, base).orElse(w.head().get());
      return new Workspace(task, w.path(), Layout.relative(task), branch, base, baseCommit, ports.get(task));
    });
  }

  @Override
  public Optional<String> checkedOut(Workspace workspace) {
    Objects.requireNonNull(workspace, "workspace");
    return worktrees.checkedOut(layout.checked(workspace.task()), repo.getDirectory().toPath());
  }

  @Override
  public List<WorkspaceInfo> list() {
    return worktrees.list();
  }

  @Override
  public List<String> uncommitted(TaskName task) {
    WorkspaceInfo w = existing(task);
    return worktrees.uncommitted(w.path());
  }

  @Override
  public void remove(TaskName task, boolean force) {
    WorkspaceInfo w = existing(task);
    find(task).ifPresent(setup::archive); // Conductor's archive script, trusted; a failure is logged, not fatal
    worktrees.remove(w, force);
    ports.release(List.of(task));
  }

  private WorkspaceInfo existing(TaskName task) {
    layout.checked(task);
    return worktrees.find(task).orElseThrow(() -> new WorkspaceException(
        "task " + task + " has no worktree (" + Layout.relative(task) + ")",
        List.of("see the worktrees git knows with 'git worktree list'")));
  }

  @Override
  public void prune() {
    worktrees.prune();
  }

  /**
   * {@inheritDoc}
   *
   * <p>A worktree is half-made when git has no index for it (its files were never all checked
   * out); a merge is porch's when {@code MERGE_MSG} reads "Merge &lt;task&gt;: ..." and {@code
   * MERGE_HEAD} is on that task's branch.
   */
  @Override
  public RepairReport repair() {
    RepairReport r = repairs.run();
    List<TaskName> live = worktrees.list().stream()
        .filter(w -> !w.main() && !w.prunable() && w.task().isPresent()).map(w -> w.task().get()).toList();
    // a worktree repair just forgot has its ports freed as part of that line, not one more
    List<String> ports = this.ports.reconcile(live).entrySet().stream()
        .filter(e -> r.fixed().stream().noneMatch(f -> f.contains(layout.path(e.getKey()) + ":")))
        .map(java.util.Map.Entry::getValue).toList();
    if (ports.isEmpty()) {
      return r;
    }
    List<String> fixed = new java.util.ArrayList<>(r.fixed());
    fixed.addAll(ports);
    return new RepairReport(fixed, r.attention());
  }

  @Override
  public Optional<String> resolve(String ref) {
    return refs.resolve(ref);
  }

  @Override
  public List<ChangedFile> changedFiles(String branch, String base) {
    return diffs.changedFiles(branch, base);
  }

  @Override
  public DiffStat diffStat(String branch, String base) {
    return diffs.diffStat(branch, base);
  }

  /** {@inheritDoc} Runs {@code git diff --raw --numstat -z -M}: git's own counts. */
  @Override
  public List<dev.porch.core.port.FileDiff> fileDiffs(String branch, String base) {
    return patches.files(branch, base);
  }

  /** {@inheritDoc} Runs {@code git diff}: git's own text, with the user's diff settings. */
  @Override
  public String patch(String branch, String base, List<String> paths, boolean color) {
    return patches.patch(branch, base, List.copyOf(paths), color);
  }

  @Override
  public Optional<String> lastCommitMessage(String branch, String base) {
    return refs.lastCommitMessage(branch, base);
  }

  @Override
  public Optional<String> readFile(Workspace workspace, String relativePath) {
    return SafeFiles.read(layout.checked(workspace.task()), relativePath);
  }

  @Override
  public ConflictMatrix predictConflicts(List<String> branches, String target) {
    return conflicts.predict(branches, target);
  }

  @Override
  public MergeResult merge(String branch, String target, String message) {
    return merger.merge(branch, target, message);
  }

  @Override
  public int commitsAhead(String branch, String base) {
    return refs.commitsAhead(branch, base);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Runs {@code git add -A} and {@code git commit --author "<agent> (via porch)"} in the
   * worktree; a repository without a configured identity gets porch as committer.
   */
  @Override
  public Optional<LeftoverCommit> commitLeftovers(Workspace workspace, String author, String message) {
    Objects.requireNonNull(workspace, "workspace");
    existing(workspace.task());
    return leftovers.commit(workspace, author, message);
  }

  @Override
  public boolean isMerged(String branch, String target) {
    return refs.isMerged(branch, target);
  }

  @Override
  public void deleteBranch(String branch, String target, boolean force) {
    if (!refs.branchExists(branch)) {
      throw new WorkspaceException("branch '" + branch + "' does not exist", List.of("check the name with 'git branch'"));
    }
    Optional<WorkspaceInfo> in = worktrees.checkedOut(branch);
    if (in.isPresent()) {
      throw new BranchInUseException(branch, in.get().path());
    }
    if (!force && !refs.isMerged(branch, target)) {
      throw new UnmergedBranchException(branch, target);
    }
    refs.deleteBranch(branch);
  }

  /** Stops the worker threads and closes the repository. Idempotent. */
  @Override
  public void close() {
    pool.shutdownNow();
    try {
      pool.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    repo.close();
  }

  /**
   * Options for {@link GitWorkspaces}. Each setter may be called once and rejects bad values with
   * the exceptions it lists; {@link #build()} fills in the defaults. Not thread-safe.
   */
  public static final class Builder {
    private final Path start;
    private String branchPrefix;
    private Integer parallelism;
    private TestCommand setupCommand;
    private Duration setupTimeout;
    private Integer portFirst;
    private int portCount;
    private Integer portsPerTask;
    private final java.util.Map<String, String> share = new java.util.LinkedHashMap<>();
    private Optional<Path> trustStore;
    private Optional<Path> userPorts;
    private String gitExecutable;
    private Duration commandTimeout;

    private Builder(Path start) {
      this.start = Objects.requireNonNull(start, "anyPathInRepo");
    }

    /**
     * The prefix of default branch names (default {@code feature/}).
     *
     * @throws IllegalStateException if already set
     * @throws IllegalArgumentException if {@code prefix + "x"} is not a valid branch name
     */
    public Builder branchPrefix(String prefix) {
      once(branchPrefix, "branchPrefix");
      if (!Refs.validBranchName(Objects.requireNonNull(prefix, "prefix") + "x")) {
        throw new IllegalArgumentException("'" + prefix + "' cannot start a branch name");
      }
      this.branchPrefix = prefix;
      return this;
    }

    /**
     * How many git processes run at once for parallel work (default: the number of cores, at least 2).
     *
     * @throws IllegalStateException if already set
     * @throws IllegalArgumentException if below 1
     */
    public Builder parallelism(int threads) {
      once(parallelism, "parallelism");
      if (threads < 1) {
        throw new IllegalArgumentException("parallelism must be 1 or more, got " + threads);
      }
      this.parallelism = threads;
      return this;
    }

    /**
     * A command run in each new worktree by {@link GitWorkspaces#setUp} (default: none).
     *
     * @throws IllegalStateException if already set
     */
    public Builder setupCommand(TestCommand command) {
      once(setupCommand, "setupCommand");
      this.setupCommand = Objects.requireNonNull(command, "command");
      return this;
    }

    /**
     * How long each setup command may run (default 10 minutes).
     *
     * @throws IllegalStateException if already set
     * @throws IllegalArgumentException if not positive
     */
    public Builder setupTimeout(Duration timeout) {
      once(setupTimeout, "setupTimeout");
      this.setupTimeout = positive(timeout, "setupTimeout");
      return this;
    }

    /**
     * The range the port blocks come from (default 41000, 1000 ports: 100 blocks of 10).
     *
     * @throws IllegalStateException if already set
     * @throws IllegalArgumentException if the range is empty or leaves 1..65535
     */
    public Builder portRange(int first, int count) {
      once(portFirst, "portRange");
      if (first < 1 || count < 1 || first + count - 1 > 65535) {
        throw new IllegalArgumentException("port range " + first + " + " + count + " must lie within 1..65535");
      }
      this.portFirst = first;
      this.portCount = count;
      return this;
    }

    /**
     * How many ports each task's block holds (default 10, as Conductor gives each workspace): a task
     * gets {@code PORCH_PORT} to {@code PORCH_PORT + n - 1}, and no two live tasks share one.
     *
     * @throws IllegalStateException if already set
     * @throws IllegalArgumentException if below 1 or above 1000
     */
    public Builder portsPerTask(int n) {
      once(portsPerTask, "portsPerTask");
      if (n < 1 || n > 1000) {
        throw new IllegalArgumentException("portsPerTask must be from 1 to 1000, got " + n);
      }
      this.portsPerTask = n;
      return this;
    }

    /**
     * A folder of the main worktree each new worktree gets without reinstalling it (e.g. {@code
     * node_modules}): {@code auto} (a copy-on-write clone where the file system offers one, else a
     * plain copy), {@code clone} (the same, named for what is wanted), {@code symlink} (a link to
     * the main worktree's folder, for read-only use) or {@code copy}. Only a folder git ignores is
     * shared.
     *
     * @throws IllegalStateException if this folder was already given
     * @throws IllegalArgumentException if the folder is not a relative path inside the repository, or
     *     the mode is none of the four
     */
    public Builder share(String folder, String mode) {
      Objects.requireNonNull(folder, "folder");
      Objects.requireNonNull(mode, "mode");
      String f = folder.replace('\\', '/');
      while (f.endsWith("/")) {
        f = f.substring(0, f.length() - 1);
      }
      Path p = Path.of(f);
      if (f.isEmpty() || p.isAbsolute() || p.normalize().startsWith("..") || !p.normalize().toString().replace('\\', '/').equals(f)
          || f.equals(".git") || f.startsWith(".git/") || f.startsWith(dev.porch.core.StateLayout.WORKTREES_FOLDER) || f.startsWith(dev.porch.core.StateLayout.STATUS_FOLDER)) {
        throw new IllegalArgumentException("'" + folder + "' is not a folder inside the repository porch may share");
      }
      if (!Setup.isShareMode(mode)) {
        throw new IllegalArgumentException("share mode '" + mode + "' must be auto, clone, symlink or copy");
      }
      if (share.containsKey(f)) {
        throw new IllegalStateException("folder " + f + " was already shared");
      }
      share.put(f, mode);
      return this;
    }

    /**
     * The file that remembers which setup files of other tools (Cursor's, Conductor's) the user
     * trusted (default: {@code $XDG_CONFIG_HOME/porch/trusted.json}, {@code
     * ~/.config/porch/trusted.json}, {@code %APPDATA%\porch\trusted.json} on Windows).
     *
     * @throws IllegalStateException if already set
     */
    public Builder trustStore(Path file) {
      if (trustStore != null) {
        throw new IllegalStateException("trustStore was already set");
      }
      this.trustStore = Optional.of(Objects.requireNonNull(file, "file").toAbsolutePath());
      return this;
    }

    /**
     * The user's record of the port blocks of every repository's worktrees, so that two repositories
     * never give two live tasks the same block (default: {@code $XDG_STATE_HOME/porch/ports.json},
     * {@code ~/.local/state/porch/ports.json}, {@code %LOCALAPPDATA%\porch\ports.json} on Windows).
     *
     * @throws IllegalStateException if already set
     */
    public Builder userPorts(Path file) {
      if (userPorts != null) {
        throw new IllegalStateException("userPorts was already set");
      }
      this.userPorts = Optional.of(Objects.requireNonNull(file, "file").toAbsolutePath());
      return this;
    }

    /**
     * The git program (default {@code git} on PATH).
     *
     * @throws IllegalStateException if already set
     * @throws IllegalArgumentException if blank
     */
    public Builder gitExecutable(String executable) {
      once(gitExecutable, "gitExecutable");
      if (Objects.requireNonNull(executable, "executable").isBlank()) {
        throw new IllegalArgumentException("gitExecutable is blank");
      }
      this.gitExecutable = executable;
      return this;
    }

    /**
     * How long one git command may run (default 5 minutes).
     *
     * @throws IllegalStateException if already set
     * @throws IllegalArgumentException if not positive
     */
    public Builder commandTimeout(Duration timeout) {
      once(commandTimeout, "commandTimeout");
      this.commandTimeout = positive(timeout, "commandTimeout");
      return this;
    }

    /**
     * Opens the repository.
     *
     * @throws dev.porch.core.error.GitVersionException if git is missing or older than 2.38
     * @throws WorkspaceException if the path is in no repository, or the repository is bare
     */
    public GitWorkspaces build() {
      if (branchPrefix == null) {
        branchPrefix = "feature/";
      }
      if (parallelism == null) {
        parallelism = Math.max(2, Runtime.getRuntime().availableProcessors());
      }
      if (setupTimeout == null) {
        setupTimeout = Duration.ofMinutes(10);
      }
      if (portFirst == null) {
        portFirst = 41000;
        portCount = 1000;
      }
      if (gitExecutable == null) {
        gitExecutable = "git";
      }
      if (portsPerTask == null) {
        portsPerTask = 10;
      }
      if (trustStore == null) {
        trustStore = TrustStore.defaultFile(System.getenv(),
            System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows"));
      }
      if (userPorts == null) {
        userPorts = userPortsFor(System.getenv());
      }
      if (commandTimeout == null) {
        commandTimeout = Duration.ofMinutes(5);
      }
      return new GitWorkspaces(this);
    }

    private static void once(Object current, String name) {
      if (current != null) {
        throw new IllegalStateException(name + " was already set");
      }
    }

    private static Duration positive(Duration d, String name) {
      if (Objects.requireNonNull(d, name).isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + d);
      }
      return d;
    }
  }
}
