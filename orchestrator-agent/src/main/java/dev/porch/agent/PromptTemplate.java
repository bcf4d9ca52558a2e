package dev.porch.agent;

import dev.porch.agent.internal.ArgTemplate;
import dev.porch.core.TaskName;
import dev.porch.core.error.PorchException;
import dev.porch.core.port.AgentRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The text an agent receives: the seed protocol's "Agent Instructions Template" with the task's
 * name, worktree, branch and instructions filled in, and what to do on completion (commit, run
 * {@code porch complete}, write RESULTS.md). Immutable and thread-safe.
 *
 * <p>Placeholders: {@code {task}}, {@code {worktree}} (absolute), {@code {branch}}, {@code {base}},
 * {@code {instructions}}, {@code {status_file}} (absolute), {@code {pattern}}, {@code {role}},
 * {@code {attempt}}. Rendering is one pass: text that a value brings in (the instructions may
 * contain braces) is never expanded again. Unknown {@code {words}} stay as they are.
 *
 * <pre>{@code
 * String prompt = PromptTemplate.defaultTemplate().render(request);
 * PromptTemplate mine = PromptTemplate.of("Do {task}:\n{instructions}\n");
 * }</pre>
 */
public final class PromptTemplate {
  /** Every placeholder a template may use. */
  public static final Set<String> PLACEHOLDERS =
      Set.of("task", "worktree", "branch", "base", "instructions", "status_file", "pattern", "role", "attempt");

  private static final PromptTemplate DEFAULT = of(readDefault());
  private final String text;

  private PromptTemplate(String text) {
    this.text = text;
  }

  /** The seed's Agent Instructions Template, adapted to porch. */
  public static PromptTemplate defaultTemplate() {
    return DEFAULT;
  }

  /**
   * A template from text.
   *
   * @param text the template
   * @return the template
   * @throws IllegalArgumentException if the text has no {@code {instructions}} placeholder (the
   *     agent would never see its task)
   */
  public static PromptTemplate of(String text) {
    Objects.requireNonNull(text, "text");
    if (!text.contains("{instructions}")) {
      throw new IllegalArgumentException(
          "a prompt template must contain {instructions}, or the agent never sees its task");
    }
    return new PromptTemplate(text);
  }

  /** The template text. */
  public String text() {
    return text;
  }

  /**
   * Renders the prompt for a request: worktree, branch, base and status file from the request.
   *
   * @param request the agent request
   * @return the prompt
   */
  public String render(AgentRequest request) {
    Map<String, String> v = new HashMap<>();
    v.put("task", request.task().value());
    v.put("worktree", request.workspace().path().toAbsolutePath().toString());
    v.put("branch", request.workspace().branch());
    v.put("base", request.workspace().base());
    v.put("instructions", request.instructions());
    v.put("status_file", request.statusFile().map(p -> p.toAbsolutePath().toString())
        .orElse(".agent-status/" + request.task().value() + ".json"));
    v.put("pattern", request.pattern().orElse(""));
    v.put("role", request.role().orElse(""));
    v.put("attempt", Integer.toString(request.attempt()));
    return render(v);
  }

  /**
   * Renders the prompt from plain values, e.g. for {@code porch prompt <task>} from a status file.
   * Placeholders without a value here ({@code base}, {@code pattern}, {@code role}) render empty,
   * {@code attempt} as 1.
   *
   * @param task the task
   * @param worktree the worktree (made absolute)
   * @param branch the branch
   * @param statusFile the status file (made absolute)
   * @param instructions the task's instructions
   * @return the prompt
   */
  public String render(TaskName task, Path worktree, String branch, Path statusFile, String instructions) {
    Map<String, String> v = new HashMap<>();
    v.put("task", task.value());
    v.put("worktree", worktree.toAbsolutePath().toString());
    v.put("branch", Objects.requireNonNull(branch, "branch"));
    v.put("status_file", statusFile.toAbsolutePath().toString());
    v.put("instructions", Objects.requireNonNull(instructions, "instructions"));
    return render(v);
  }

  /**
   * Renders with any values: each {@code {name}} with a value in {@code values} is replaced, other
   * known placeholders render empty ({@code attempt} as 1), unknown words stay.
   *
   * @param values placeholder name to value
   * @return the prompt
   */
  public String render(Map<String, String> values) {
    Map<String, String> all = new HashMap<>();
    PLACEHOLDERS.forEach(name -> all.put(name, name.equals("attempt") ? "1" : ""));
    all.putAll(values);
    return ArgTemplate.expand(text, all);
  }

  private static String readDefault() {
    try (InputStream in = PromptTemplate.class.getResourceAsStream("prompt-template.md")) {
      if (in == null) {
        throw new PorchException("porch's default prompt template (dev/porch/agent/prompt-template.md)"
            + " is missing from the class path; rebuild or reinstall porch");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PorchException("cannot read porch's default prompt template: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "PromptTemplate[" + text.length() + " chars]";
  }
}
