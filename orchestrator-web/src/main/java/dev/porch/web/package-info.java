/**
 * porch's local web dashboard: {@link dev.porch.web.Dashboard} serves the runs and tasks of one
 * repository to a browser on this machine, live, and hands the actions a person takes there to the
 * {@link dev.porch.web.DashboardActions} its embedder wires (the CLI wires porch's own commands).
 */
package dev.porch.web;
