package dev.porch.core;

import dev.porch.core.port.WorkspaceProvider;
import java.util.List;

/**
 * What {@link WorkspaceProvider#repair()} did about work a crash interrupted, and what it left for a
 * person because fixing it could lose work.
 *
 * @param fixed one sentence per repair, e.g. "removed .worktrees/a-1: its files were never fully
 *     checked out"
 * @param attention one sentence per thing left alone, with the command that fixes it
 */
public record RepairReport(List<String> fixed, List<String> attention) {
  /** Nothing found. */
  public static final RepairReport NONE = new RepairReport(List.of(), List.of());

  public RepairReport {
    fixed = List.copyOf(fixed);
    attention = List.copyOf(attention);
  }
}
