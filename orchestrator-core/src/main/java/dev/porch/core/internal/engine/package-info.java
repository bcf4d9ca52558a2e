/**
 * The run engine behind {@link dev.porch.core.Orchestrator}: not API, may change in any release.
 */
@PorchStyle
package dev.porch.core.internal.engine;

import dev.porch.core.PorchStyle;
