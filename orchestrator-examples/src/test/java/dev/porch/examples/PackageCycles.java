package dev.porch.examples;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.SliceRule;
import java.util.List;

/**
 * The slice rule that sees a package depending on its own {@code .internal} and back: every
 * package under {@code dev.porch} is its own slice (ArchUnit's {@code dev.porch.(*)..} folds a
 * package and its {@code .internal} into one slice, so that cycle was invisible). A module's
 * documented entry points alone may reach into their own package's {@code .internal}: the
 * internals implement the entry point's types, so that edge is the one cycle by design.
 */
final class PackageCycles {
  /**
   * The classes that may import their own package's {@code .internal}: each module's documented
   * entry points (for the CLI, the root command {@code Porch} and the factory {@code Commands}
   * that registers the commands); nothing else in these packages does. The CLI's commands and
   * renderers depend on {@code dev.porch.cli} ({@code Porch}, {@code CliContext}, {@code
   * ExitCode}) in one direction only.
   */
  static final List<String> ENTRY_POINTS = List.of(
      "dev.porch.core.Orchestrator", "dev.porch.core.Scheduler", "dev.porch.core.Workflow", "dev.porch.core.review.Review",
      "dev.porch.status.StatusFiles",
      "dev.porch.git.GitWorkspaces", "dev.porch.git.GitRemotes",
      "dev.porch.kubernetes.KubernetesAgents",
      "dev.porch.project.Project",
      "dev.porch.cli.Porch", "dev.porch.cli.Commands",
      "dev.porch.agent.AgentProcesses", "dev.porch.agent.AgentProfiles", "dev.porch.agent.ProcessEvaluator",
      "dev.porch.agent.ProfileCheck", "dev.porch.agent.PromptTemplate", "dev.porch.agent.Sandboxes",
      "dev.porch.agent.RemoteCommand", "dev.porch.agent.Notifications",
      "dev.porch.mcp.PorchMcpServer",
      "dev.porch.web.Dashboard");

  /**
   * Core's API packages ({@code dev.porch.core} and its {@code port}, {@code event}, {@code error}
   * and {@code pattern} sub-packages) are one vocabulary, split so that a reader finds a port, an
   * event or an exception by its package: they name each other ({@code TaskName} is in every
   * port's signature, the entry point runs the ports, {@code TaskName.of} throws an {@code error}
   * type that carries the rejected name), so they form one slice here. Every other package,
   * {@code .internal} ones included, is its own slice.
   */
  static final List<String> CORE_API = List.of(
      "dev.porch.core", "dev.porch.core.port", "dev.porch.core.event", "dev.porch.core.error",
      "dev.porch.core.pattern");

  private PackageCycles() {}

  private static SliceAssignment perPackage(String root) {
    return new SliceAssignment() {
      @Override
      public SliceIdentifier getIdentifierOf(JavaClass c) {
        String pkg = c.getPackageName();
        if (!pkg.equals(root) && !pkg.startsWith(root + ".")) {
          return SliceIdentifier.ignore();
        }
        return SliceIdentifier.of(CORE_API.contains(pkg) ? "dev.porch.core (API)" : pkg);
      }

      @Override
      public String getDescription() {
        return "every package under " + root + " (core's API packages as one)";
      }
    };
  }

  /**
   * Every package under {@code root} (its own slice, {@code .internal} included) free of cycles,
   * except an entry point's dependencies on its own package's {@code .internal..}.
   *
   * @param root e.g. {@code dev.porch}
   * @param entryPoints fully qualified names of the entry points (their nested classes count too)
   */
  static SliceRule rule(String root, List<String> entryPoints) {
    SliceRule rule = slices().assignedFrom(perPackage(root)).should().beFreeOfCycles();
    for (String entry : entryPoints) {
      String pkg = entry.substring(0, entry.lastIndexOf('.'));
      rule = rule.ignoreDependency(
          DescribedPredicate.describe("entry point " + entry,
              (JavaClass c) -> c.getName().equals(entry) || c.getName().startsWith(entry + "$")),
          DescribedPredicate.describe("in " + pkg + ".internal..",
              (JavaClass c) -> c.getPackageName().equals(pkg + ".internal")
                  || c.getPackageName().startsWith(pkg + ".internal.")));
    }
    return rule.because("a package and its .internal meet only at the module's entry points (issue 16)");
  }
}
