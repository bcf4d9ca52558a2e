/**
 * porch's process adapters: {@link dev.porch.agent.AgentProcesses} runs coding-agent CLIs (Claude
 * Code, Codex, Gemini CLI, Aider, opencode, or any command) as local processes, and {@link
 * dev.porch.agent.ProcessEvaluator} judges a workspace by running its test command. Agent command
 * lines are data ({@link dev.porch.agent.AgentProfiles}); the prompt is rendered by {@link
 * dev.porch.agent.PromptTemplate}.
 *
 * <p><b>Entry points.</b> {@link dev.porch.agent.AgentProcesses#builder} (the {@code AgentLauncher}),
 * {@link dev.porch.agent.ProcessEvaluator#builder} (the {@code Evaluator}), {@link
 * dev.porch.agent.AgentProfiles#builtIn} (what an agent's command line is), {@link
 * dev.porch.agent.Sandboxes#wrap} (the OS sandbox around any launcher) and {@link
 * dev.porch.agent.Notifications#builder} (desktop and webhook notices). The other public types are the
 * values these take or give ({@code AgentProfile}, {@code PromptTemplate}, {@code SandboxNeeds}, {@code
 * RemoteCommand} for launchers that run the agent elsewhere, {@code ProfileCheck} for {@code porch
 * doctor}); everything in {@code dev.porch.agent.internal} may change at any time.
 */
package dev.porch.agent;
