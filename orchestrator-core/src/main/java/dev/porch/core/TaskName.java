package dev.porch.core;

import dev.porch.core.error.InvalidTaskNameException;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validated task name: the one string porch builds a worktree folder, a status file name and a
 * branch name from. No path is ever built from an unvalidated string.
 *
 * <p>The language: {@code [a-z0-9][a-z0-9._-]*}, at most 64 characters, no {@code ..}, not ending
 * in {@code .} or {@code .lock}, and not a Windows reserved device name (CON, PRN, AUX, NUL,
 * COM1-9, LPT1-9, with or without an extension). Being lower-case only, two valid names are equal
 * exactly when they are equal ignoring case, so they never collide on a case-insensitive file
 * system.
 *
 * <pre>{@code
 * TaskName api = TaskName.of("task-api");
 * TaskName second = TaskName.of("auth").indexed(2);   // auth-2
 * }</pre>
 */
public final class TaskName implements Comparable<TaskName> {
  /** The rules, in one sentence, for error messages and help. */
  public static final String RULES =
      "a task name uses lower-case letters, digits, '.', '_' and '-', starts with a letter or digit,"
          + " is at most 64 characters, has no '..', does not end in '.' or '.lock', and is not a"
          + " Windows device name (con, prn, aux, nul, com1-9, lpt1-9)";

  /** Longest name accepted. */
  public static final int MAX_LENGTH = 64;

  private static final Pattern LANGUAGE = Pattern.compile("[a-z0-9][a-z0-9._-]*");
  private static final Set<String> RESERVED =
      Set.of(
          "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7",
          "com8", "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");

  private final String value;

  private TaskName(String value) {
    this.value = value;
  }

  /**
   * Validates and wraps a name.
   *
   * @param name the candidate
   * @return the task name
   * @throws InvalidTaskNameException if {@code name} is null or breaks a rule; the message names
   *     the rule
   */
  public static TaskName of(String name) {
    String problem = problem(name);
    if (problem != null) {
      throw new InvalidTaskNameException(name, problem);
    }
    return new TaskName(name);
  }

  /**
   * Tells whether {@code name} is a valid task name.
   *
   * @param name the candidate, may be null
   * @return true when {@link #of} would accept it
   */
  public static boolean isValid(String name) {
    return problem(name) == null;
  }

  /**
   * Why {@code name} is not a valid task name, or null when it is.
   *
   * @param name the candidate, may be null
   * @return the broken rule in words, or null
   */
  public static String problem(String name) {
    if (name == null || name.isEmpty()) {
      return "it is empty";
    }
    if (name.length() > MAX_LENGTH) {
      return "it has " + name.length() + " characters; the most is " + MAX_LENGTH;
    }
    if (name.startsWith("-")) {
      return "it starts with '-' and would be read as an option";
    }
    if (!LANGUAGE.matcher(name).matches()) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (!lower.equals(name) && LANGUAGE.matcher(lower).matches()) {
        String lowerProblem = problem(lower);
        // never suggest a name that is itself refused (CON -> con is a device name)
        return lowerProblem == null ? "it has upper-case letters; use '" + lower + "'"
            : "it has upper-case letters, and in lower case " + lowerProblem;
      }
      int bad = firstBad(name);
      return "character "
          + (bad + 1)
          + " ('"
          + describe(name.codePointAt(bad))
          + "') is not allowed; use a-z, 0-9, '.', '_' or '-', starting with a letter or digit";
    }
    if (name.contains("..")) {
      return "it contains '..'";
    }
    if (name.endsWith(".")) {
      return "it ends with '.'";
    }
    if (name.endsWith(".lock")) {
      return "it ends with '.lock', which git reserves";
    }
    int dot = name.indexOf('.');
    String stem = dot < 0 ? name : name.substring(0, dot);
    if (RESERVED.contains(stem)) {
      return "'" + stem + "' is a reserved device name on Windows";
    }
    return null;
  }

  private static int firstBad(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (i > 0 && (c == '.' || c == '_' || c == '-'));
      if (!ok) {
        return i;
      }
    }
    return 0;
  }

  private static String describe(int cp) {
    if (cp == '/' || cp == '\\') {
      return cp == '/' ? "/" : "\\";
    }
    if (Character.isISOControl(cp) || Character.isWhitespace(cp)) {
      return String.format("U+%04X", cp);
    }
    return new String(Character.toChars(cp));
  }

  /**
   * This name with {@code -index} appended, the seed's naming for the i-th agent of a feature.
   *
   * @param index the agent number, 1 or more
   * @return {@code <this>-<index>}
   * @throws IllegalArgumentException if {@code index < 1}
   * @throws InvalidTaskNameException if the result is too long
   */
  public TaskName indexed(int index) {
    if (index < 1) {
      throw new IllegalArgumentException("index must be 1 or more, got " + index);
    }
    return of(value + "-" + index);
  }

  /**
   * This name with a suffix appended after a '-'.
   *
   * @param suffix a suffix, itself following the task-name rules
   * @return {@code <this>-<suffix>}
   * @throws InvalidTaskNameException if the suffix or the result breaks a rule
   */
  public TaskName child(String suffix) {
    return of(value + "-" + of(suffix).value);
  }

  /** The name as a string. */
  public String value() {
    return value;
  }

  @Override
  public int compareTo(TaskName other) {
    return value.compareTo(other.value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TaskName && ((TaskName) o).value.equals(value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
