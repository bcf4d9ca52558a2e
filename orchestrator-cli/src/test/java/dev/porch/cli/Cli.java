package dev.porch.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs porch in process, as a test would type it, capturing stdout and stderr separately. */
final class Cli {
  record Result(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private Cli() {}

  static Result run(Path cwd, String... args) {
    return run(cwd, Map.of(), args);
  }

  static Result run(Path cwd, Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Map<String, String> all = new HashMap<>(env);
    int code = Porch.run(args, new PrintWriter(out), new PrintWriter(err), all, cwd);
    return new Result(code, out.toString(), err.toString());
  }
}
