package dev.porch.kubernetes.internal;

import dev.porch.core.TaskName;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Job names, labels and annotations: what identifies an attempt's Job in the cluster. */
public final class Names {
  public static final String RUN = "porch.dev/run";
  public static final String TASK = "porch.dev/task";
  public static final String ATTEMPT = "porch.dev/attempt";
  /**
   * The Job's own name, on the Job and its pods: the pods of a task's earlier Jobs (same run, task and
   * attempt, kept for their logs) must not be taken for this Job's.
   */
  public static final String JOB = "porch.dev/job";
  /**
   * On an evaluation Job and its pod only ({@link #EVALUATES}): the Job runs a task's test command,
   * not its agent; recover and the list of a run's agents leave such Jobs alone.
   */
  public static final String ROLE = "porch.dev/role";
  public static final String EVALUATES = "evaluate";
  /** The exact task name (a label value may have had to be shortened). */
  public static final String TASK_ANNOTATION = "porch.dev/task-name";
  public static final String BASE_ANNOTATION = "porch.dev/base-commit";
  public static final String BRANCH_ANNOTATION = "porch.dev/branch";
  /** When porch launched the attempt, by porch's own clock: tells a Job of this task's run from an earlier one's. */
  public static final String LAUNCHED_ANNOTATION = "porch.dev/launched";
  public static final String CONTAINER = "agent";

  private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

  private Names() {}

  /** Whether {@code value} may be a label value. */
  public static boolean labelValue(String value) {
    return LABEL_VALUE.matcher(value).matches();
  }

  /**
   * The Job's name: {@code porch-<task>-a<attempt>-<hash>}, at most 63 characters so that its pods'
   * {@code job-name} label fits. The hash covers run, task, attempt and {@code launch}, a value new
   * for every launch: a task cleaned up and made again under the same name starts again at attempt
   * 1 while its earlier Jobs may still exist (kept for their logs), and must not collide with them.
   */
  public static String job(String run, TaskName task, int attempt, String launch) {
    String t = task.value().replaceAll("[^a-z0-9-]", "-");
    if (t.length() > 36) {
      t = t.substring(0, 36);
    }
    t = t.replaceAll("-+$", "");
    return "porch-" + t + "-a" + attempt + "-" + hash(run + "/" + task.value() + "/" + attempt + "/" + launch);
  }

  /** The labels of an attempt's Job and pod. */
  public static Map<String, String> labels(String run, TaskName task, int attempt, String job) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(RUN, run);
    m.put(TASK, taskLabel(task));
    m.put(ATTEMPT, Integer.toString(attempt));
    m.put(JOB, job);
    return m;
  }

  /** The task's label value: its name, or a shortened name and hash when the name is no label value. */
  public static String taskLabel(TaskName task) {
    String v = task.value();
    if (labelValue(v)) {
      return v;
    }
    String head = v.length() > 50 ? v.substring(0, 50) : v;
    head = head.replaceAll("[^A-Za-z0-9]+$", "");
    return head + "-" + hash(v);
  }

  static String hash(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 3);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
