/**
 * porch's process adapters: {@link dev.porch.agent.AgentProcesses} runs coding-agent CLIs (Claude
 * Code, Codex, Gemini CLI, Aider, opencode, or any command) as local processes, and {@link
 * dev.porch.agent.ProcessEvaluator} judges a workspace by running its test command. Agent command
 * lines are data ({@link dev.porch.agent.AgentProfiles}); the prompt is rendered by {@link
 * dev.porch.agent.PromptTemplate}.
 */
package dev.porch.agent;
