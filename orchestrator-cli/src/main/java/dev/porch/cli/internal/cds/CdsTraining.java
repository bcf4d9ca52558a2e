package dev.porch.cli.internal.cds;

import dev.porch.cli.Porch;
import dev.porch.cli.internal.JsonOut;
import dev.porch.cli.internal.StatusView;
import dev.porch.cli.internal.Style;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * The launchers' one-off training run for class data sharing: loads the classes porch's commands
 * use (every command's help, reading and rendering status files) so that the archive written at
 * exit serves every later command, not only the first one a user happened to type. Prints
 * nothing; touches only a temporary folder it deletes.
 */
public final class CdsTraining {
  private CdsTraining() {}

  public static void main(String[] args) throws Exception {
    PrintWriter sink = new PrintWriter(Writer.nullWriter());
    Path tmp = Files.createTempDirectory("porch-cds");
    try {
      Porch.run(new String[] {"--help"}, sink, sink, Map.of(), tmp);
      for (Class<?> c : dev.porch.cli.internal.command.CommandList.ALL) {
        String name = c.getAnnotation(picocli.CommandLine.Command.class).name();
        Porch.run(new String[] {name, "--help"}, sink, sink, Map.of(), tmp);
      }
      Path status = Files.createDirectories(tmp.resolve(".agent-status"));
      Files.writeString(status.resolve("train-1.json"),
          "{\"task\":\"train-1\",\"status\":\"COMPLETE\",\"started\":\"2026-01-30T10:30:00Z\","
              + "\"completed\":\"2026-01-30T10:45:00Z\",\"summary\":\"s\",\"files_changed\":[\"a\"],"
              + "\"branch\":\"feature/train-1\",\"worktree\":\".worktrees/train-1\"}",
          StandardCharsets.UTF_8);
      var listing = dev.porch.status.StatusFiles.open(tmp).list();
      StatusView.printTable(listing, Instant.EPOCH, new Style(picocli.CommandLine.Help.Ansi.ON), sink, sink);
      JsonOut.print(sink, StatusView.json(listing, Instant.EPOCH, tmp.toString()));
    } finally {
      try (var walk = Files.walk(tmp)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
