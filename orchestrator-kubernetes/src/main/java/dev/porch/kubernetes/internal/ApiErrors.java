package dev.porch.kubernetes.internal;

import dev.porch.core.error.PorchException;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;

/**
 * A failure of porch's side (the API server, git) in one line a user can act on. fabric8's own
 * message repeats the request and dumps the whole {@code Status} object, or says only "An error has
 * occurred." when the server could not be reached; the API server's own message and the cause say
 * more.
 */
public final class ApiErrors {
  private ApiErrors() {}

  /**
   * {@code e} in one line: the API server's message and code, or the message and its deepest cause,
   * and what to check when the server cannot be reached or refuses porch's identity.
   *
   * @param e the failure
   * @param namespace the namespace the request was for, for the hint
   * @param server the API server's URL, for the hint
   * @return one line
   */
  public static String describe(Throwable e, String namespace, String server) {
    if (e instanceof KubernetesClientException k) {
      Status s = k.getStatus();
      if (s != null && s.getMessage() != null && !s.getMessage().isBlank()) {
        String line = s.getMessage() + " (HTTP " + k.getCode() + (s.getReason() == null ? "" : " " + s.getReason()) + ")";
        if (k.getCode() == 401 || k.getCode() == 403) {
          line += "; the kubeconfig's identity needs jobs: create, get, list, watch, delete and pods, pods/log: get,"
              + " list, watch in namespace " + namespace + " (docs/kubernetes.md)";
        }
        return PodFacts.oneLine(line);
      }
    }
    if (e instanceof PorchException p && !p.hints().isEmpty()) {
      return PodFacts.oneLine(p.getMessage() + "; " + String.join("; ", p.hints()));
    }
    // The cause that says most: a connection failure anywhere in the chain, else the deepest cause.
    Throwable said = null;
    boolean unreachable = false;
    for (Throwable c = e.getCause(); c != null && c != said; c = c.getCause()) {
      if (c instanceof ConnectException || c instanceof UnknownHostException || c instanceof HttpConnectTimeoutException) {
        said = c;
        unreachable = true;
        break;
      }
      said = c;
    }
    String line = String.valueOf(e.getMessage());
    if (said != null) {
      line += " (" + said.getClass().getSimpleName() + (said.getMessage() == null ? "" : ": " + said.getMessage()) + ")";
    }
    if (unreachable) {
      line += "; is the cluster at " + server + " reachable? porch uses the kubeconfig kubectl would (KUBECONFIG,"
          + " ~/.kube/config)";
    }
    return PodFacts.oneLine(line);
  }
}
