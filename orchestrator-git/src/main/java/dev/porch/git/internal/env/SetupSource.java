package dev.porch.git.internal.env;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One file that names setup commands for a new worktree, read as its tool reads it.
 *
 * @param tool who wrote the format, e.g. {@code Cursor}
 * @param file the file read (the worktree's copy or the main worktree's)
 * @param shown the file as porch prints it, relative to the repository, e.g. {@code .cursor/worktrees.json}
 * @param detail which key was used, e.g. {@code setup-worktree-unix}
 * @param setup the commands to run, in order, each an argument list
 * @param archive the commands to run before the worktree is removed (Conductor's archive script)
 * @param trustKey the key the trust store remembers this file by (its path in the main worktree)
 * @param hash the SHA-256 of everything read (the file, a script it names, a local override)
 * @param problem why the file cannot be run (not valid JSON or TOML, a script it names is missing);
 *     such a file has no commands, and fails a set-up only where porch would have run it
 */
record SetupSource(String tool, Path file, String shown, String detail, List<List<String>> setup,
    List<List<String>> archive, String trustKey, String hash, Optional<String> problem) {
  SetupSource {
    setup = List.copyOf(setup);
    archive = List.copyOf(archive);
  }

  /** Whether porch would pick this file (it names commands, or it is broken and may be meant to). */
  boolean counts() {
    return !setup.isEmpty() || problem.isPresent();
  }
}
