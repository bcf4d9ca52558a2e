package dev.porch.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A test "pod": runs a Job's container as a local process, the way a kubelet would, from the Job
 * spec porch created: the container's command and arguments as they are (so the pod script is the
 * very text the Job carries), its environment with {@code secretKeyRef}s resolved from the Secrets
 * in the API server, and the {@code /workspace} emptyDir mounted at a local folder (arguments and
 * variables naming {@code /workspace} are mapped there, as a mount would). The termination message
 * goes to a local file instead of {@code /dev/termination-log}.
 */
final class LocalPod {
  static final String MOUNT = "/workspace";

  /**
   * What the process left.
   *
   * @param exit its exit code
   * @param terminationMessage what it wrote to its termination log
   * @param output its standard output and error
   */
  record Result(int exit, String terminationMessage, String output) {}

  private LocalPod() {}

  static Result run(KubernetesClient client, Job job, Path workdir) throws IOException, InterruptedException {
    Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    String ns = job.getMetadata().getNamespace();
    List<String> argv = new ArrayList<>(c.getCommand());
    c.getArgs().forEach(a -> argv.add(mount(a, workdir)));
    Files.createDirectories(workdir);
    Path termlog = workdir.resolveSibling(workdir.getFileName() + ".termination-log");
    Path output = workdir.resolveSibling(workdir.getFileName() + ".out");
    ProcessBuilder pb = new ProcessBuilder(argv).directory(workdir.toFile()).redirectErrorStream(true)
        .redirectOutput(output.toFile());
    Map<String, String> env = pb.environment();
    for (EnvVar e : c.getEnv()) {
      env.put(e.getName(), e.getValueFrom() == null ? mount(e.getValue(), workdir) : secret(client, ns, e));
    }
    env.put("PORCH_TERMINATION_LOG", termlog.toString());
    Process p = pb.start();
    p.getOutputStream().close();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the local pod ran past 120 s");
    }
    String message = Files.exists(termlog) ? Files.readString(termlog, StandardCharsets.UTF_8) : "";
    return new Result(p.exitValue(), message, Files.readString(output, StandardCharsets.UTF_8));
  }

  private static String mount(String value, Path workdir) {
    return value.equals(MOUNT) || value.startsWith(MOUNT + "/") ? workdir + value.substring(MOUNT.length()) : value;
  }

  private static String secret(KubernetesClient client, String ns, EnvVar e) {
    String name = e.getValueFrom().getSecretKeyRef().getName();
    Secret s = client.secrets().inNamespace(ns).withName(name).get();
    if (s == null) {
      throw new AssertionError("the Job names Secret " + name + ", which does not exist");
    }
    String b64 = s.getData().get(e.getValueFrom().getSecretKeyRef().getKey());
    return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
  }
}
