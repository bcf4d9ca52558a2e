/**
 * The {@code porch} command line: {@link dev.porch.cli.Porch#run} builds and runs it for {@code main},
 * for {@code porch demo} and for tests.
 */
package dev.porch.cli;
