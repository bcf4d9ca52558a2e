package dev.porch.kubernetes;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How the Job of one agent profile looks: the image (with sh, git and the agent's CLI), where it
 * runs, what it may use, and which Secret keys become its environment (API keys are named here,
 * never given).
 *
 * @param image the container image, e.g. {@code ghcr.io/me/claude-agent:1.0}
 * @param namespace the namespace of the Jobs
 * @param requests resource requests, e.g. {@code cpu=1}, {@code memory=2Gi}
 * @param limits resource limits
 * @param nodeSelector node labels the pod must match
 * @param serviceAccount the pod's service account; without one no API token is mounted
 * @param secretEnv environment variable name to the Secret key it comes from
 * @param imagePullSecrets Secrets for pulling a private image
 */
public record JobSettings(
    String image,
    String namespace,
    Map<String, String> requests,
    Map<String, String> limits,
    Map<String, String> nodeSelector,
    Optional<String> serviceAccount,
    Map<String, SecretKey> secretEnv,
    List<String> imagePullSecrets) {
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  /** A Kubernetes resource quantity: a number and an optional suffix ({@code 500m}, {@code 2Gi}, {@code 1e3}). */
  private static final Pattern QUANTITY =
      Pattern.compile("(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?");

  /**
   * @throws IllegalArgumentException if the image is blank, the namespace is not a DNS label, a
   *     request or limit is not a resource quantity, or an environment name is not a valid variable name
   */
  public JobSettings {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(namespace, "namespace");
    requests = Map.copyOf(requests);
    limits = Map.copyOf(limits);
    nodeSelector = Map.copyOf(nodeSelector);
    Objects.requireNonNull(serviceAccount, "serviceAccount");
    secretEnv = Map.copyOf(secretEnv);
    imagePullSecrets = List.copyOf(imagePullSecrets);
    if (image.isBlank()) {
      throw new IllegalArgumentException("a Job needs an image (kubernetes.image in .porch.json)");
    }
    if (!DNS_LABEL.matcher(namespace).matches()) {
      throw new IllegalArgumentException("'" + namespace + "' is not a namespace name (lower-case letters, digits"
          + " and '-', at most 63)");
    }
    for (Map<String, String> m : List.of(requests, limits)) {
      m.forEach((resource, amount) -> {
        if (!QUANTITY.matcher(amount).matches()) {
          throw new IllegalArgumentException("'" + amount + "' for " + resource + " is not a resource quantity"
              + " (such as 500m, 2, 1.5, 512Mi, 2Gi)");
        }
      });
    }
    for (String name : secretEnv.keySet()) {
      if (!ENV_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("'" + name + "' is not an environment variable name");
      }
    }
  }

  /** Settings with {@code image} in namespace {@code default}, and nothing else. */
  public static JobSettings of(String image) {
    return new JobSettings(image, "default", Map.of(), Map.of(), Map.of(), Optional.empty(), Map.of(), List.of());
  }

  public JobSettings withNamespace(String value) {
    return new JobSettings(image, value, requests, limits, nodeSelector, serviceAccount, secretEnv, imagePullSecrets);
  }

  public JobSettings withResources(Map<String, String> newRequests, Map<String, String> newLimits) {
    return new JobSettings(image, namespace, newRequests, newLimits, nodeSelector, serviceAccount, secretEnv,
        imagePullSecrets);
  }

  public JobSettings withNodeSelector(Map<String, String> value) {
    return new JobSettings(image, namespace, requests, limits, value, serviceAccount, secretEnv, imagePullSecrets);
  }

  public JobSettings withServiceAccount(String value) {
    return new JobSettings(image, namespace, requests, limits, nodeSelector, Optional.of(value), secretEnv,
        imagePullSecrets);
  }

  public JobSettings withSecretEnv(Map<String, SecretKey> value) {
    return new JobSettings(image, namespace, requests, limits, nodeSelector, serviceAccount, value, imagePullSecrets);
  }

  public JobSettings withImagePullSecrets(List<String> value) {
    return new JobSettings(image, namespace, requests, limits, nodeSelector, serviceAccount, secretEnv, value);
  }
}
