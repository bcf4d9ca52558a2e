package dev.porch.cli;

import dev.porch.cli.internal.ErrorRenderer;
import dev.porch.cli.internal.VersionProvider;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * The {@code porch} root command and the one factory that builds the command line for {@code
 * main}, for {@code porch demo} and for tests.
 *
 * <pre>{@code
 * StringWriter out = new StringWriter(), err = new StringWriter();
 * int code = Porch.run(new String[] {"status", "--json"}, new PrintWriter(out), new PrintWriter(err),
 *     Map.of(), repoDir);
 * }</pre>
 */
@Command(
    name = "porch",
    versionProvider = VersionProvider.class,
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    headerHeading = "",
    header = "Run several coding agents in parallel, each in its own git worktree, and merge the best.",
    synopsisHeading = "%nUsage: ",
    descriptionHeading = "%n",
    description = {
      "porch keeps each agent on its own branch in .worktrees/<task>, tracks it in",
      ".agent-status/<task>.json (the Parallel Orchestration Protocol's format), judges",
      "the results by running your tests, and merges the winners back.",
    },
    commandListHeading = "%nCommands:%n",
    optionListHeading = "%nOptions:%n",
    footerHeading = "%n",
    footer = {
      "Exit codes: 0 success, 1 the operation failed, 2 usage error, 130 interrupted.",
      "",
      "Environment: NO_COLOR turns colours off; PORCH_LOCK_TIMEOUT (e.g. 5s, default 30s) is how",
      "long a command waits while another porch holds the repository.",
      "",
      "Start with 'porch demo' (no network, no API key), or 'porch spawn auth --agents 3';",
      "'porch doctor' checks that git and your agent CLIs are ready.",
      "See 'porch <command> --help' for each command."
    })
public final class Porch implements Runnable {
  @Spec CommandSpec spec;

  @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, description = "Say more; show stack traces on errors.")
  boolean verbose;

  @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT, description = "Print only results and errors.")
  boolean quiet;

  @Option(
      names = "--color",
      scope = ScopeType.INHERIT,
      paramLabel = "WHEN",
      defaultValue = "auto",
      converter = ColorConverter.class,
      description = "Colour output: auto (default: only on a terminal), always or never.")
  CliContext.ColorMode color;

  @Option(
      names = "-C",
      scope = ScopeType.INHERIT,
      paramLabel = "DIR",
      description = "Run as if porch was started in DIR (like git -C).")
  Path directory;

  private CliContext context;
  private dev.porch.project.Project services;

  Porch(CliContext context) {
    this.context = context;
  }

  /** The context, with the colour decision made, for commands. */
  public CliContext context() {
    return context;
  }

  /** Whether {@code --verbose} was given. */
  public boolean verbose() {
    return verbose;
  }

  /** Whether {@code --quiet} was given. */
  public boolean quiet() {
    return quiet;
  }

  /** The directory to work in: {@code -C DIR} resolved against the working directory, or it. */
  public Path workDir() {
    return directory == null ? context.cwd() : context.cwd().resolve(directory).normalize();
  }

  /** The adapters for this run, built lazily on first use. */
  public synchronized dev.porch.project.Project services() {
    if (services == null) {
      services = dev.porch.project.Project.open(workDir(), context.env());
    }
    return services;
  }

  synchronized void closeServices() {
    if (services != null) {
      services.close();
    }
  }

  /** Colours for this run's output. */
  /** Whether colour was left to porch ({@code --color auto} or no {@code --color}), not forced on or off. */
  public boolean colourAuto() {
    return color == null || color == CliContext.ColorMode.AUTO;
  }

  public dev.porch.cli.internal.Style style() {
    return new dev.porch.cli.internal.Style(context.ansi());
  }

  @Override
  public void run() {
    spec.commandLine().usage(context.out(), context.ansi());
  }

  void decideColour() {
    context = context.withAnsi(context.decideAnsi(color == null ? CliContext.ColorMode.AUTO : color));
  }

  /** Entry point of {@code porch.jar}. */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    boolean tty = System.console() != null;
    CliContext ctx = new CliContext(out, err, System.getenv(), Path.of("").toAbsolutePath(), tty, tty, Ansi.OFF,
        System.in, System.out);
    int code = run(args, ctx);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /**
   * Runs porch as a command would, writing to the given writers; never calls {@code System.exit}.
   *
   * @param args the arguments
   * @param out where results go
   * @param err where progress and errors go
   * @param env the environment
   * @param cwd the working directory
   * @return the exit code
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env, Path cwd) {
    return run(args, new CliContext(out, err, env, cwd.toAbsolutePath(), false, false, Ansi.OFF));
  }

  /** Runs porch with a full context (terminal flags included). */
  public static int run(String[] args, CliContext ctx) {
    CommandLine cl = newCommandLine(ctx, java.util.List.of(args));
    Porch root = cl.getCommand();
    try {
      return cl.execute(args);
    } finally {
      root.closeServices();
      ctx.out().flush();
      ctx.err().flush();
    }
  }

  /** Builds the command line with every command: handlers, exit-code mapping, writers. */
  static CommandLine newCommandLine(CliContext ctx) {
    return newCommandLine(ctx, java.util.List.of());
  }

  /** Builds the command line with the commands {@code args} needs (all when it names none). */
  static CommandLine newCommandLine(CliContext ctx, java.util.List<String> args) {
    Porch root = new Porch(ctx);
    CommandLine cl = new CommandLine(root, new CommandFactory(root));
    Commands.register(cl, args);
    cl.setOut(ctx.out());
    cl.setErr(ctx.err());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setAbbreviatedOptionsAllowed(false);
    // picocli would replace "@FILE" by the file's words: a task name or prompt starting with '@' would
    // turn into options (@args -> "feat --force"), and @/dev/zero would never end
    cl.setExpandAtFiles(false);
    ErrorRenderer errors = new ErrorRenderer(root);
    cl.setParameterExceptionHandler(errors::onParameterException);
    cl.setExecutionExceptionHandler(errors::onExecutionException);
    cl.setExecutionStrategy(
        parseResult -> {
          if (root.verbose && root.quiet) {
            throw new CommandLine.ParameterException(
                parseResult.commandSpec().commandLine(), "--verbose and --quiet cannot be used together");
          }
          root.decideColour();
          cl.setColorScheme(CommandLine.Help.defaultColorScheme(root.context().ansi()));
          return new CommandLine.RunLast().execute(parseResult);
        });
    cl.setExitCodeExceptionMapper(errors::exitCodeOf);
    return cl;
  }

  /** Parses {@code --color} values case-insensitively with a clear error. */
  static final class ColorConverter implements CommandLine.ITypeConverter<CliContext.ColorMode> {
    @Override
    public CliContext.ColorMode convert(String value) {
      try {
        return CliContext.ColorMode.valueOf(value.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException("'" + value + "' is not one of auto, always, never");
      }
    }
  }
}
