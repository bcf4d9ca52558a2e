package dev.porch.agent.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A recording command for notification tests: writes its arguments (one a line), a line {@code --},
 * then its standard input to the file named by its first argument (atomically, so a reader never
 * sees half); exits with the code in {@code RECORDER_EXIT} (default 0).
 */
public final class Recorder {
  private Recorder() {}

  /** java, options, -cp, class path, this class, the output file, then {@code args}. */
  public static List<String> command(Path out, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command()
        .orElse(Paths.get(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(List.of("-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx32m",
        "-cp", System.getProperty("java.class.path"), Recorder.class.getName(), out.toString()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  public static void main(String[] args) throws Exception {
    StringBuilder b = new StringBuilder();
    for (int i = 1; i < args.length; i++) {
      b.append(args[i]).append('\n');
    }
    b.append("--\n").append(new String(System.in.readAllBytes(), StandardCharsets.UTF_8));
    Path out = Path.of(args[0]);
    Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
    Files.writeString(tmp, b.toString(), StandardCharsets.UTF_8);
    Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    String exit = System.getenv("RECORDER_EXIT");
    System.exit(exit == null ? 0 : Integer.parseInt(exit));
  }
}
