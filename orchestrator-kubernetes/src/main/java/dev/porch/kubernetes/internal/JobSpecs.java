package dev.porch.kubernetes.internal;

import dev.porch.core.TaskName;
import dev.porch.core.error.LaunchException;
import dev.porch.core.port.AgentRequest;
import dev.porch.core.port.Workspace;
import dev.porch.kubernetes.ContainerCommand;
import dev.porch.kubernetes.JobSettings;
import dev.porch.kubernetes.SecretKey;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Builds the Job of one attempt. Pure: no API calls. */
public final class JobSpecs {
  /** Where the pod works: an emptyDir; the clone is {@code /workspace/repo}. */
  public static final String WORKDIR = "/workspace";
  public static final String WORKTREE = WORKDIR + "/repo";
  public static final String PROMPT_FILE = WORKDIR + "/prompt.md";

  /** Names that usually hold a credential: given as plain values they would sit in the Job spec. */
  private static final Pattern SECRET_NAME =
      Pattern.compile(".*(API_?KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL).*", Pattern.CASE_INSENSITIVE);
  /** A URL with a password or token in it: {@code https://user:token@host/...}. */
  private static final Pattern URL_WITH_PASSWORD = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://[^/@]*:[^/@]*@.*");

  private JobSpecs() {}

  /**
   * What one Job needs.
   *
   * @param name the Job's name
   * @param labels the Job's and pod's labels
   * @param settings image, namespace, resources, secrets
   * @param command the agent's command
   * @param remoteUrl where the pod clones from
   * @param baseCommit the commit it starts from
   * @param commitLeftovers whether the pod commits work the agent left uncommitted
   * @param ttlAfterFinished how long a finished Job stays for its logs
   * @param launched when porch launched the attempt (annotation {@code porch.dev/launched})
   */
  public record Input(String name, Map<String, String> labels, JobSettings settings, ContainerCommand command,
      String remoteUrl, String baseCommit, boolean commitLeftovers, Duration ttlAfterFinished, Instant launched) {
    /** The same input for the commit porch pushed. */
    public Input withBaseCommit(String commit) {
      return new Input(name, labels, settings, command, remoteUrl, commit, commitLeftovers, ttlAfterFinished, launched);
    }
  }

  /**
   * The Job.
   *
   * @throws LaunchException if the spec would carry a credential: a URL with a password, or a
   *     plain variable named like an API key
   */
  public static Job job(AgentRequest r, Input in) {
    refuseCredentials(r, in);
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(Names.TASK_ANNOTATION, r.task().value());
    annotations.put(Names.BRANCH_ANNOTATION, r.workspace().branch());
    annotations.put(Names.BASE_ANNOTATION, in.baseCommit());
    annotations.put(Names.LAUNCHED_ANNOTATION, in.launched().toString());
    return build(in, annotations, in.command().argv(), env(r, in), r.timeout());
  }

  /**
   * The evaluation Job of a task's workspace: the same pod as its agent's (image, namespace,
   * resources, node selector, service account, Secrets), running the pod script in its {@code
   * evaluate} mode: clone {@code in.baseCommit()}, run {@code argv} there with {@code PORCH_TASK},
   * {@code PORCH_BRANCH} and {@code PORCH_WORKTREE} (as the local evaluator sets them), report its exit
   * code. {@code activeDeadlineSeconds} is the evaluation's timeout.
   *
   * @throws LaunchException if the spec would carry a credential (a URL with a password)
   */
  public static Job evaluation(Workspace ws, Input in, List<String> argv, Duration timeout) {
    refuseUrl(ws.task(), in.remoteUrl());
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(Names.TASK_ANNOTATION, ws.task().value());
    annotations.put(Names.BRANCH_ANNOTATION, ws.branch());
    annotations.put(Names.BASE_ANNOTATION, in.baseCommit());
    annotations.put(Names.LAUNCHED_ANNOTATION, in.launched().toString());
    Map<String, String> plain = new TreeMap<>();
    plain.put("PORCH_POD_MODE", "evaluate");
    plain.put("PORCH_TASK", ws.task().value());
    plain.put("PORCH_BRANCH", ws.branch());
    plain.put("PORCH_BASE", ws.base());
    plain.put("PORCH_BASE_COMMIT", in.baseCommit());
    plain.put("PORCH_REMOTE_URL", in.remoteUrl());
    plain.put("PORCH_WORKDIR", WORKDIR);
    return build(in, annotations, argv, env(plain, in), Optional.of(timeout));
  }

  private static Job build(Input in, Map<String, String> annotations, List<String> argv, List<EnvVar> env,
      Optional<Duration> deadline) {
    JobSettings s = in.settings();
    List<String> script = List.of("sh", "-c", EntryScript.TEXT, "porch-pod");
    return new JobBuilder()
        .withNewMetadata().withName(in.name()).withNamespace(s.namespace()).withLabels(in.labels())
            .withAnnotations(annotations).endMetadata()
        .withNewSpec()
            .withBackoffLimit(0) // porch retries with its own policy, as for local agents: one Job per attempt
            .withActiveDeadlineSeconds(deadline.map(JobSpecs::seconds).orElse(null))
            .withTtlSecondsAfterFinished((int) Math.min(Integer.MAX_VALUE, in.ttlAfterFinished().toSeconds()))
            .withNewTemplate()
                .withNewMetadata().withLabels(in.labels()).withAnnotations(annotations).endMetadata()
                .withNewSpec()
                    .withRestartPolicy("Never")
                    .withServiceAccountName(s.serviceAccount().orElse(null))
                    .withAutomountServiceAccountToken(s.serviceAccount().isPresent())
                    .withNodeSelector(s.nodeSelector().isEmpty() ? null : new TreeMap<>(s.nodeSelector()))
                    .withImagePullSecrets(s.imagePullSecrets().stream().map(LocalObjectReference::new).toList())
                    .addNewContainer()
                        .withName(Names.CONTAINER)
                        .withImage(s.image())
                        .withCommand(script)
                        .withArgs(argv)
                        .withWorkingDir(WORKDIR)
                        .withEnv(env)
                        .withNewResources()
                            .withRequests(quantities(s.requests()))
                            .withLimits(quantities(s.limits()))
                        .endResources()
                        .withVolumeMounts(new VolumeMountBuilder().withName("workspace").withMountPath(WORKDIR).build())
                        .withTerminationMessagePolicy("FallbackToLogsOnError")
                    .endContainer()
                    .addNewVolume().withName("workspace").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec()
            .endTemplate()
        .endSpec()
        .build();
  }

  static long seconds(Duration d) {
    return Math.max(1, (d.toMillis() + 999) / 1000);
  }

  private static List<EnvVar> env(AgentRequest r, Input in) {
    Map<String, String> plain = new TreeMap<>();
    plain.putAll(r.environment());
    plain.putAll(in.command().environment());
    plain.put("PORCH_TASK", r.task().value());
    plain.put("PORCH_BRANCH", r.workspace().branch());
    plain.put("PORCH_BASE", r.workspace().base());
    plain.put("PORCH_BASE_COMMIT", in.baseCommit());
    plain.put("PORCH_ATTEMPT", Integer.toString(r.attempt()));
    r.role().ifPresent(role -> plain.put("PORCH_ROLE", role));
    plain.put("PORCH_REMOTE_URL", in.remoteUrl());
    plain.put("PORCH_WORKDIR", WORKDIR);
    plain.put("PORCH_COMMIT_LEFTOVERS", Boolean.toString(in.commitLeftovers()));
    plain.put("PORCH_PROMPT", in.command().prompt());
    return env(plain, in);
  }

  private static List<EnvVar> env(Map<String, String> plain, Input in) {
    plain.keySet().removeAll(in.settings().secretEnv().keySet());
    List<EnvVar> out = new ArrayList<>();
    plain.forEach((k, v) -> out.add(new EnvVarBuilder().withName(k).withValue(v).build()));
    new TreeMap<>(in.settings().secretEnv()).forEach((k, ref) -> out.add(secret(k, ref)));
    return out;
  }

  private static EnvVar secret(String name, SecretKey ref) {
    return new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef()
        .withName(ref.secret()).withKey(ref.key()).withOptional(false).endSecretKeyRef().endValueFrom().build();
  }

  private static Map<String, Quantity> quantities(Map<String, String> m) {
    Map<String, Quantity> q = new TreeMap<>();
    m.forEach((k, v) -> q.put(k, new Quantity(v)));
    return q.isEmpty() ? null : q;
  }

  private static void refuseCredentials(AgentRequest r, Input in) {
    refuseUrl(r.task(), in.remoteUrl());
    Map<String, String> plain = new TreeMap<>(r.environment());
    plain.putAll(in.command().environment());
    for (String name : plain.keySet()) {
      if (SECRET_NAME.matcher(name).matches() && !in.settings().secretEnv().containsKey(name)) {
        throw new LaunchException(r.task(), "the agent's environment has " + name + ", which looks like a"
            + " credential and would be written into the Job spec in plain text",
            List.of("put it in a Secret and name it under kubernetes.secrets in .porch.json, e.g. \""
                + name + "\": \"agent-keys/" + name.toLowerCase(java.util.Locale.ROOT) + "\""), null);
      }
    }
  }

  private static void refuseUrl(TaskName task, String remoteUrl) {
    if (URL_WITH_PASSWORD.matcher(remoteUrl).matches()) {
      throw new LaunchException(task, "the remote's URL carries a password or token, which would be written"
          + " into the Job spec", List.of("give the remote a URL without credentials and let the image's git"
          + " credential helper read them from a Secret (kubernetes.secrets in .porch.json)"), null);
    }
  }
}
