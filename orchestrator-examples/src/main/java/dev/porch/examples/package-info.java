/**
 * Runnable examples of porch's public API: embedding the engine in a Java tool ({@link
 * dev.porch.examples.EmbeddingExample}), a custom pattern ({@link dev.porch.examples.ReviewRound}), a
 * custom adapter ({@link dev.porch.examples.BudgetLauncher}) and an event listener ({@link
 * dev.porch.examples.MarkdownReport}). They use only public packages, never {@code .internal} ones.
 */
package dev.porch.examples;
