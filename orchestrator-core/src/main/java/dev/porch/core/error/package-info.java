/**
 * porch's exceptions. Each carries the data of its failure (task, path, states, kind), never a command line: the CLI and other front ends word their own hints.
 */
@PorchStyle
package dev.porch.core.error;

import dev.porch.core.PorchStyle;
