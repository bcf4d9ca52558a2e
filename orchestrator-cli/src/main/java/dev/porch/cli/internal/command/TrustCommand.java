package dev.porch.cli.internal.command;

import dev.porch.cli.Porch;
import dev.porch.cli.internal.JsonOut;
import dev.porch.git.GitWorkspaces;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code porch trust}: let porch run the setup commands of another tool's file, like direnv allow. */
@Command(
    name = "trust",
    mixinStandardHelpOptions = true,
    description = {
      "Trust the current content of the setup files other tools keep in this repository",
      "(Cursor's .cursor/worktrees.json, Conductor's .conductor/settings.toml and conductor.json),",
      "so that porch runs their setup commands in new worktrees. Read them first: they run as you.",
      "porch remembers each file's content hash outside the repository ($XDG_CONFIG_HOME/porch or",
      "~/.config/porch; %%APPDATA%%\\porch on Windows); a file that changes must be trusted again, and",
      "until then new worktrees skip it with a note. With no FILE, every such file is trusted.",
      "Prints each file, its state and the commands it runs."
    },
    footer = {
      "%nExamples:",
      "  porch trust --list                      # what porch would run, and whether it may",
      "  porch trust                             # trust every setup file as it is now",
      "  porch trust .cursor/worktrees.json",
      "  porch trust --revoke conductor.json",
      "%nJSON: {\"schema\":\"porch.trust/v1\", \"files\":[{\"file\", \"state\", \"commands\":[...]}]}"
    })
final class TrustCommand implements Callable<Integer> {
  private final Porch root;

  @Parameters(paramLabel = "FILE", arity = "0..*", description = "Setup files, relative to the repository (default: all).")
  List<String> files = new ArrayList<>();

  @Option(names = "--list", description = "Only show the files and their state; change nothing.")
  boolean list;

  @Option(names = "--revoke", description = "Forget the files instead: porch stops running them.")
  boolean revoke;

  @Mixin Options.Json json;

  TrustCommand(Porch root) {
    this.root = root;
  }

  @Override
  public Integer call() {
    if (list && (revoke || !files.isEmpty())) {
      throw dev.porch.cli.internal.Usage.error("--list takes no FILE and no --revoke");
    }
    GitWorkspaces git = root.services().workspaces();
    List<GitWorkspaces.SetupFile> after = list ? git.setupFiles() : git.trustSetupFiles(files, !revoke);
    PrintWriter out = root.context().out();
    if (json.json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("schema", "porch.trust/v1");
      List<Map<String, Object>> rows = new ArrayList<>();
      for (GitWorkspaces.SetupFile f : after) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("file", f.file());
        row.put("state", f.state());
        row.put("commands", f.commands());
        rows.add(row);
      }
      doc.put("files", rows);
      JsonOut.print(out, doc);
      return 0;
    }
    if (after.isEmpty()) {
      root.context().err().println("porch: no setup file of another tool here (.cursor/worktrees.json,"
          + " .conductor/settings.toml, conductor.json)");
      return 0;
    }
    if (list || !root.quiet()) {
      for (GitWorkspaces.SetupFile f : after) {
        out.println(f.file() + ": " + f.state());
        f.commands().forEach(c -> out.println("  " + dev.porch.cli.internal.Sanitize.text(c)));
      }
    }
    return 0;
  }
}
