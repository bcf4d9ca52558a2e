/**
 * porch's public API: value types, ports and the {@link dev.porch.core.Orchestrator} entry point.
 *
 * <p><b>Entry points.</b> {@link dev.porch.core.Orchestrator#builder} (runs), {@link
 * dev.porch.core.pattern.Patterns} (the built-in patterns), {@link dev.porch.core.Workflow} (the
 * seed's manual workflow) and {@link dev.porch.core.review.Review#builder} (diff, compare, pick).
 * {@link dev.porch.core.StateLayout} names every file porch keeps, for adapters. Value types are built
 * with {@code X.builder()}; their generated {@code ImmutableX} classes and builders are package-private.
 * {@code dev.porch.core.internal} is not API.
 */
@PorchStyle
package dev.porch.core;
