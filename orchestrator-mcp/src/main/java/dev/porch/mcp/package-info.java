/**
 * porch as a Model Context Protocol server over stdio: an orchestrating agent (Claude Code, Codex,
 * Cursor) calls porch's operations as MCP tools with JSON Schemas and structured results, reads
 * status files, log tails and run reports as resources, and is told when a status changes. The one
 * entry point is {@link dev.porch.mcp.PorchMcpServer}; it reaches porch's adapters only through the
 * {@link dev.porch.mcp.PorchHost} its caller (the CLI's {@code porch mcp}) hands it. Everything in
 * {@code dev.porch.mcp.internal} may change at any time.
 *
 * <p><b>Entry point.</b> {@link dev.porch.mcp.PorchMcpServer#builder}, given a {@link
 * dev.porch.mcp.PorchHost} (the port), whose {@code request} and {@code followUp} take the
 * {@link dev.porch.mcp.RunSettings} a tool call carries.
 */
package dev.porch.mcp;
