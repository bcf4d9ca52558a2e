package dev.porch.kubernetes.internal;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What one look at an agent's pod tells porch, in porch's words.
 *
 * @param pod the pod's name
 * @param node the node it runs on, once scheduled
 * @param unschedulable the scheduler's message while the pod cannot be placed
 * @param cannotStart one line when the container can never start (image pull failure, missing
 *     Secret): the attempt is over
 * @param exitCode the container's exit code once it terminated
 * @param message the container's termination message
 * @param running whether the container is running
 */
public record PodFacts(String pod, Optional<String> node, Optional<String> unschedulable,
    Optional<String> cannotStart, OptionalInt exitCode, Optional<String> message, boolean running) {
  /** Waiting reasons after which the container will not start without someone changing something. */
  static final Set<String> IMAGE = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull");
  static final Set<String> CONFIG = Set.of("CreateContainerConfigError", "CreateContainerError");

  /** Reads {@code p}. */
  public static PodFacts of(Pod p) {
    String name = p.getMetadata().getName();
    PodStatus s = p.getStatus();
    Optional<String> node = Optional.ofNullable(p.getSpec() == null ? null : p.getSpec().getNodeName())
        .filter(n -> !n.isBlank());
    if (s == null) {
      return new PodFacts(name, node, Optional.empty(), Optional.empty(), OptionalInt.empty(), Optional.empty(), false);
    }
    Optional<String> unschedulable = Optional.empty();
    for (PodCondition c : list(s.getConditions())) {
      if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason())) {
        unschedulable = Optional.of(oneLine(c.getMessage() == null ? "no node fits it" : c.getMessage()));
      }
    }
    Optional<String> cannotStart = Optional.empty();
    OptionalInt exit = OptionalInt.empty();
    Optional<String> message = Optional.empty();
    boolean running = false;
    for (ContainerStatus cs : list(s.getContainerStatuses())) {
      if (cs.getState() == null) {
        continue;
      }
      ContainerStateWaiting w = cs.getState().getWaiting();
      if (w != null && IMAGE.contains(w.getReason())) {
        cannotStart = Optional.of("image " + cs.getImage() + " cannot be pulled (" + w.getReason() + ")"
            + (w.getMessage() == null ? "" : ": " + oneLine(w.getMessage())));
      } else if (w != null && CONFIG.contains(w.getReason())) {
        cannotStart = Optional.of("the container cannot be created (" + w.getReason() + ")"
            + (w.getMessage() == null ? "" : ": " + oneLine(w.getMessage())));
      }
      ContainerStateTerminated t = cs.getState().getTerminated();
      if (t != null && t.getExitCode() != null) {
        exit = OptionalInt.of(t.getExitCode());
        message = Optional.ofNullable(t.getMessage());
      }
      running |= cs.getState().getRunning() != null;
    }
    return new PodFacts(name, node, unschedulable, cannotStart, exit, message, running);
  }

  /** {@code text} on one line: whitespace runs become one space, at most 400 characters. */
  public static String oneLine(String text) {
    String s = text.replaceAll("\\s+", " ").strip();
    return s.length() > 400 ? s.substring(0, 399) + "…" : s;
  }

  private static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }
}
