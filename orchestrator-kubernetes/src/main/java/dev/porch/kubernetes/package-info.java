/**
 * porch's Kubernetes adapter: {@link dev.porch.kubernetes.KubernetesAgents} runs each agent attempt
 * as a Kubernetes Job whose pod clones the task's branch from a git remote, runs the agent, and
 * pushes the branch back ({@link dev.porch.kubernetes.BranchTransfer} carries it on porch's side).
 * The agent's command line comes from a {@link dev.porch.kubernetes.CommandRenderer}; the Job's
 * image, namespace, resources and secrets from {@link dev.porch.kubernetes.JobSettings}.
 *
 * <p><b>Entry point.</b> {@link dev.porch.kubernetes.KubernetesAgents#builder}. The other public
 * types are what that builder takes ({@code JobSettings}, {@code SecretKey}, the {@code
 * CommandRenderer} and {@code BranchTransfer} ports and the {@code ContainerCommand} a renderer
 * returns) and what {@link dev.porch.kubernetes.KubernetesAgents#jobs} gives ({@code ClusterAgent});
 * everything in {@code dev.porch.kubernetes.internal} may change at any time.
 */
package dev.porch.kubernetes;
