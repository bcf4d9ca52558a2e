/**
 * porch's local web dashboard: {@link dev.porch.web.Dashboard} serves the runs and tasks of one
 * repository to a browser on this machine, live, and hands the actions a person takes there to the
 * {@link dev.porch.web.DashboardActions} its embedder wires (the CLI wires porch's own commands).
 * Diffs and the comparison of attempts come from core's {@link dev.porch.core.review.Review}.
 *
 * <p><b>Entry point.</b> {@link dev.porch.web.Dashboard#builder}. Besides it the package holds only
 * its one port, {@link dev.porch.web.DashboardActions}, with the typed {@link
 * dev.porch.web.DashboardAction}s it receives and the {@link dev.porch.web.ActionResult} it returns;
 * everything in {@code dev.porch.web.internal} may change at any time.
 */
package dev.porch.web;
