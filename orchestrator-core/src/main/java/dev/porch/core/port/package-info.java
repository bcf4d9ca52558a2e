/**
 * The ports porch's engine drives, and the values that cross them: {@link dev.porch.core.port.WorkspaceProvider} (git worktrees and merges), {@link dev.porch.core.port.StatusStore} (status files), {@link dev.porch.core.port.AgentLauncher} (agent processes) and {@link dev.porch.core.port.Evaluator} (test runs). Adapter modules implement them; embedders may bring their own.
 */
@PorchStyle
package dev.porch.core.port;

import dev.porch.core.PorchStyle;
