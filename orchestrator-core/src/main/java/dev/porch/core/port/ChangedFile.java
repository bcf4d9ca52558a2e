package dev.porch.core.port;

import java.util.Objects;
import java.util.Optional;

/**
 * One entry of {@code git diff --name-status -M base...branch}.
 *
 * @param type the kind of change
 * @param path the path after the change (repository-relative, '/' separated)
 * @param oldPath the path before a rename or copy
 */
public record ChangedFile(Type type, String path, Optional<String> oldPath) {
  /** Kinds of change, as git's name-status letters. */
  public enum Type {
    ADDED('A'),
    MODIFIED('M'),
    DELETED('D'),
    RENAMED('R'),
    COPIED('C'),
    TYPE_CHANGED('T');

    private final char letter;

    Type(char letter) {
      this.letter = letter;
    }

    /** git's letter for this type. */
    public char letter() {
      return letter;
    }
  }

  public ChangedFile {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(oldPath, "oldPath");
  }

  /** A change without an old path. */
  public static ChangedFile of(Type type, String path) {
    return new ChangedFile(type, path, Optional.empty());
  }
}
