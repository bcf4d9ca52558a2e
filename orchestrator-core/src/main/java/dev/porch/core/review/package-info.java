/**
 * Review of finished attempts: a task's diff against its base, N attempts side by side, and picking
 * one to merge the way the run would have. The entry point is {@link dev.porch.core.review.Review}.
 */
@PorchStyle
package dev.porch.core.review;

import dev.porch.core.PorchStyle;
