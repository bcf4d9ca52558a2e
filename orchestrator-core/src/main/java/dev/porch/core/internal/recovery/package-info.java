/**
 * Reconciling state after a crash, behind {@link dev.porch.core.Orchestrator#recover}: not API, may change in any release.
 */
@PorchStyle
package dev.porch.core.internal.recovery;

import dev.porch.core.PorchStyle;
