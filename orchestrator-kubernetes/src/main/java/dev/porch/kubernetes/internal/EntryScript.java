package dev.porch.kubernetes.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The pod's entry script, {@code dev/porch/kubernetes/porch-pod.sh}: porch puts it into every Job. */
public final class EntryScript {
  /** Where the resource is. */
  public static final String RESOURCE = "/dev/porch/kubernetes/porch-pod.sh";
  /** The script's text, as committed. */
  public static final String TEXT = read();

  private EntryScript() {}

  private static String read() {
    try (InputStream in = EntryScript.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from porch's jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
