package dev.porch.core;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/**
 * A status file that cannot be read or written: corrupt, truncated, too large, wrongly typed, or an
 * I/O failure. Carries the file and, where the parser knows them, the line and column.
 */
public class StatusFileException extends PorchException {
  private static final long serialVersionUID = 1L;
  private final transient Path file;
  private final String problem;
  private final int line;
  private final int column;

  public StatusFileException(Path file, String problem, int line, int column, Throwable cause) {
    this(file, problem, line, column, List.of("fix or delete the file; porch recover can rebuild it from git"), cause);
  }

  /**
   * A problem with what to do about it, e.g. for a file that cannot be written at all.
   *
   * @param file the file
   * @param problem what is wrong
   * @param hints what to do
   * @param cause the I/O error, or null
   */
  public StatusFileException(Path file, String problem, List<String> hints, Throwable cause) {
    this(file, problem, -1, -1, hints, cause);
  }

  private StatusFileException(Path file, String problem, int line, int column, List<String> hints, Throwable cause) {
    super(
        "status file "
            + file
            + (line > 0 ? " (line " + line + (column > 0 ? ", column " + column : "") + ")" : "")
            + ": "
            + problem,
        hints,
        cause);
    this.file = file;
    this.problem = problem;
    this.line = line;
    this.column = column;
  }

  public StatusFileException(Path file, String problem, Throwable cause) {
    this(file, problem, -1, -1, cause);
  }

  public Path file() {
    return file;
  }

  public String problem() {
    return problem;
  }

  public OptionalInt line() {
    return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
  }

  public OptionalInt column() {
    return column > 0 ? OptionalInt.of(column) : OptionalInt.empty();
  }
}
