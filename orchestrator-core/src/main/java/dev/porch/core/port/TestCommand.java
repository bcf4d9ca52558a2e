package dev.porch.core.port;

import java.util.List;
import java.util.Objects;

/**
 * A command that judges a workspace, e.g. {@code mvn -q test}. Either an argument list run directly
 * (preferred: no shell involved), or a command line the user wrote, run explicitly through the
 * platform's shell ({@code sh -c} or {@code cmd /c}) because only the user's own text goes there.
 *
 * @param arguments the program and its arguments, or a single command line when {@code shell}
 * @param shell whether {@code arguments} is one line for the platform shell
 */
public record TestCommand(List<String> arguments, boolean shell) {
  public TestCommand {
    arguments = List.copyOf(arguments);
    if (arguments.isEmpty() || arguments.get(0).isBlank()) {
      throw new IllegalArgumentException("a test command needs a program to run");
    }
    if (shell && arguments.size() != 1) {
      throw new IllegalArgumentException("a shell test command is one command line");
    }
  }

  /** A program and its arguments, run without a shell. */
  public static TestCommand of(String program, String... args) {
    Objects.requireNonNull(program, "program");
    List<String> all = new java.util.ArrayList<>();
    all.add(program);
    all.addAll(List.of(args));
    return new TestCommand(all, false);
  }

  /** A command line the user wrote, for the platform's shell. */
  public static TestCommand shellLine(String line) {
    return new TestCommand(List.of(line), true);
  }

  /** The command as a user would read it. */
  public String display() {
    return String.join(" ", arguments);
  }
}
