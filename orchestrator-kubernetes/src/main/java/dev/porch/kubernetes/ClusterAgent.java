package dev.porch.kubernetes;

import java.util.Objects;
import java.util.Optional;

/**
 * One agent attempt's Job as found in the cluster (by {@link KubernetesAgents#jobs()}).
 *
 * @param task the task name, as porch gave it
 * @param attempt the attempt number
 * @param job the Job's name
 * @param state {@code running}, {@code succeeded}, {@code failed} or {@code pending}
 * @param pod the pod's name, once it has one
 * @param node the node it was scheduled on, once it is
 */
public record ClusterAgent(String task, int attempt, String job, String state, Optional<String> pod,
    Optional<String> node) {
  public ClusterAgent {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(pod, "pod");
    Objects.requireNonNull(node, "node");
  }

  /** Where it runs, for {@code porch status}: {@code pod P on node N}. */
  public String where() {
    return pod.map(p -> "pod " + p + node.map(n -> " on node " + n).orElse(" (not scheduled yet)"))
        .orElse("Job " + job + " (no pod yet)");
  }
}
