/**
 * porch's public API: value types, ports and the {@link dev.porch.core.Orchestrator} entry point.
 */
@PorchStyle
package dev.porch.core;
