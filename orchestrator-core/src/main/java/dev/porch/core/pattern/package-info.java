/**
 * The built-in {@link dev.porch.core.pattern.OrchestrationPattern}s, made by {@link
 * dev.porch.core.pattern.Patterns}: competitive, divide and conquer, test-first, exploration,
 * redundant safety net, and the manual launch-only pattern. Their settings are immutable values.
 */
package dev.porch.core.pattern;
