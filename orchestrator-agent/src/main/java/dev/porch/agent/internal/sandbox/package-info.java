/**
 * The OS sandbox around an agent (issue 19, docs/sandbox.md): what folders it may write, the command
 * lines of bwrap (Linux) and sandbox-exec (macOS), and what porch carries out of the sandbox once the
 * agent ends (its branch, its status report). Not API.
 */
package dev.porch.agent.internal.sandbox;
