/**
 * The {@code porch} command line: {@link dev.porch.cli.Porch#run} builds and runs it for {@code main},
 * for {@code porch demo} and for tests.
 *
 * <p><b>Entry point.</b> {@link dev.porch.cli.Porch#run}; {@link dev.porch.cli.ExitCode} says what its
 * result means and {@link dev.porch.cli.CliContext} is what a run is given (writers, environment,
 * terminal). The commands live in {@code dev.porch.cli.internal}, which is not API.
 */
package dev.porch.cli;
