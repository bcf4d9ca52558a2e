package dev.porch.cli.internal.command;

import java.util.List;

/** Every porch command, in the order {@code porch --help} lists them. */
public final class CommandList {
  private CommandList() {}

  /** The command classes. */
  public static final List<Class<?>> ALL =
      List.of(
          InitCommand.class,
          SpawnCommand.class,
          LaunchCommand.class,
          TellCommand.class,
          CancelCommand.class,
          AttachCommand.class,
          StatusCommand.class,
          LogsCommand.class,
          DiffCommand.class,
          CompareCommand.class,
          PickCommand.class,
          SyncCommand.class,
          CleanupCommand.class,
          ReportCommands.Complete.class,
          ReportCommands.Fail.class,
          ReportCommands.Block.class,
          ConflictsCommand.class,
          PromptCommand.class,
          RecoverCommand.class,
          DoctorCommand.class,
          TrustCommand.class,
          CompeteCommand.class,
          DivideCommand.class,
          TestFirstCommand.class,
          ExploreCommand.class,
          SafetyNetCommand.class,
          DemoCommand.class,
          McpCommand.class,
          UiCommand.class,
          CompletionCommand.class);
}
