/** Test-report parsers: each reads one test tool's output or report files into {@link dev.porch.agent.internal.report.TestCounts}. */
package dev.porch.agent.internal.report;
