package dev.porch.kubernetes;

import java.util.Objects;

/**
 * A key of a Kubernetes Secret, exported to the agent's container as an environment variable
 * through {@code valueFrom.secretKeyRef}: the value never appears in the Job spec.
 *
 * @param secret the Secret's name, in the Job's namespace
 * @param key the key inside it
 */
public record SecretKey(String secret, String key) {
  public SecretKey {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(key, "key");
    if (secret.isBlank() || key.isBlank()) {
      throw new IllegalArgumentException("a secret reference needs a Secret name and a key, got '" + secret + "/" + key + "'");
    }
  }
}
