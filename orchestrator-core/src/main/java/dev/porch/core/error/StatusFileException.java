package dev.porch.core.error;

import dev.porch.core.Orchestrator;
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
  private final boolean rebuildable;

  public StatusFileException(Path file, String problem, int line, int column, Throwable cause) {
    this(file, problem, line, column, List.of("fix or delete the file; recovery can rebuild it from git"), true, cause);
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
    this(file, problem, -1, -1, hints, false, cause);
  }

  private StatusFileException(
      Path file, String problem, int line, int column, List<String> hints, boolean rebuildable, Throwable cause) {
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
    this.rebuildable = rebuildable;
  }

  public StatusFileException(Path file, String problem, Throwable cause) {
    this(file, problem, -1, -1, cause);
  }

  /**
   * Whether the file is unreadable and recovery ({@link Orchestrator#recover()}) can rebuild it from
   * git; false when the problem came with hints of its own (e.g. a file that cannot be written).
   */
  public boolean rebuildable() {
    return rebuildable;
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
