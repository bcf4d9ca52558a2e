package dev.porch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Arbitrary status files and arbitrary command lines, run through {@code Porch.run} in one real
 * repository (reset between tries): nothing outside {@code .worktrees/} and {@code .agent-status/}
 * changes, no user branch moves, nothing escapes, the exit code is 0, 1 or 2.
 */
class HostileInputProperties {
  /** Fields porch knows, plus one it does not. */
  static final List<String> FIELDS = List.of("task", "status", "started", "completed", "summary", "files_changed",
      "branch", "worktree", "pattern", "role", "attempt", "agent", "pid", "pid_started", "exit_code", "log", "base",
      "port", "tests", "score", "error", "run", "updated", "extra");
  static final List<String> HOSTILE = List.of("../../x", "/etc", "C:\\Windows", "C:x", "\\\\srv\\share", "//srv/share",
      ".worktrees/feat-1", ".worktrees/feat-2", ".worktrees/../../x", ".worktrees", "feature/feat-1", "feature/feat-2",
      "user/keep", "main", "refs/heads/main", "-rf", "--force", "@{-1}", "a..b", "x.lock", "COMPLETE", "complete",
      "RUNNING", "FAILED", "feat-1", "feat-2", "Feat-1", "con", "$(touch pwned)", "`id`", "\u001b[31m", "\u001b]0;t\u0007",
      "\u009b2J", "\u202e", "", " ", "2026-01-30T10:00:00Z", "/Date(1769769000000)/", "NaN", "\0");
  static final List<String> NAMES = List.of("feat", "feat-1", "feat-2", "feat-3", "x", "user", "main");

  static Path tmp;
  static HostileRepo repo;
  static Path savedStatus;
  static String initialRefs;
  static int tries;
  static final java.util.Map<String, Integer> outcomes = new java.util.TreeMap<>();

  @BeforeContainer
  static void makeRepository() throws IOException {
    tmp = Files.createTempDirectory("porch-reliability-");
    repo = HostileRepo.bare(tmp);
    Cli.Result spawn = Cli.run(repo.root, "spawn", "feat", "--agents", "2");
    assertThat(spawn.code()).as(spawn.toString()).isZero();
    Files.writeString(repo.root.resolve(".worktrees/feat-1/wip.txt"), "uncommitted\n"); // dirty, nothing committed
    savedStatus = tmp.resolve(HostileRepo.SCRATCH + "/agent-status");
    copy(repo.root.resolve(".agent-status"), savedStatus);
    initialRefs = refs();
  }

  @AfterContainer
  static void removeRepository() throws IOException {
    System.err.println("REPORT property: " + tries + " tries, " + outcomes.values().stream().mapToInt(i -> i).sum()
        + " porch runs; by command and exit code: " + outcomes);
    delete(tmp);
  }

  @Property(tries = 100)
  void anyStatusFilesAndCommands_touchNothingOutside(
      @ForAll("statusFiles") List<Tuple.Tuple2<String, byte[]>> files, @ForAll("commands") List<List<String>> commands) {
    tries++;
    reset();
    for (Tuple.Tuple2<String, byte[]> f : files) {
      Tampering.write(repo.status(f.get1()), f.get2());
    }
    HostileRepo.Guarded before = repo.guard();
    for (List<String> command : commands) {
      Cli.Result r = Cli.run(repo.root, command.toArray(String[]::new));
      outcomes.merge(command.get(0) + "=" + r.code(), 1, Integer::sum);
      if (command.contains("-v") || command.contains("--verbose")) {
        assertThat(r.escaped()).as(r.toString()).isNull(); // --verbose prints stack traces on purpose
        assertThat(r.code()).as(r.toString()).isIn(0, 1, 2);
      } else {
        Invariants.checkRun(r);
      }
    }
    assertThat(before.changes()).as("after %s with %s", commands, files.stream().map(Tuple.Tuple2::get1).toList())
        .isEmpty();
  }

  // --- generators

  @Provide
  Arbitrary<List<Tuple.Tuple2<String, byte[]>>> statusFiles() {
    Arbitrary<String> fileName = Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.of("feat-1.json", "feat-2.json", "feat-3.json", "x.json")),
        Tuple.of(1, Arbitraries.of("Feat-1.json", "feat-1.JSON", ".feat-1.json.1.tmp", "a b.json", "con.json",
            "feat-\u001b[2J.json", "events.ndjson")));
    Arbitrary<byte[]> content = Arbitraries.frequencyOf(
        Tuple.of(4, statusLike().map(s -> s.getBytes(StandardCharsets.UTF_8))),
        Tuple.of(3, jsonObject().map(s -> s.getBytes(StandardCharsets.UTF_8))),
        Tuple.of(1, statusLike().map(s -> ("\uFEFF" + s).getBytes(StandardCharsets.UTF_8))),
        Tuple.of(1, statusLike().map(s -> s.getBytes(StandardCharsets.UTF_16LE))),
        Tuple.of(1, statusLike().map(s -> s.substring(0, s.length() / 2).getBytes(StandardCharsets.UTF_8))),
        Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(300)));
    return Combinators.combine(fileName, content).as(Tuple::of).list().ofMaxSize(3);
  }

  /** A status with the seed's fields, each possibly replaced by a hostile value. */
  static Arbitrary<String> statusLike() {
    Arbitrary<String> task = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of("feat-1", "feat-2", "feat-3", "x")),
        Tuple.of(1, hostileString()));
    Arbitrary<String> state = Arbitraries.of("PENDING", "RUNNING", "COMPLETE", "FAILED", "BLOCKED", "complete", "done");
    return Combinators.combine(task, state, hostileString(), hostileString(), hostileString(), Arbitraries.integers().between(0, 3))
        .as((t, st, branch, worktree, summary, keep) -> {
          String s = Tampering.status(t).replace("\"COMPLETE\"", Tampering.quote(st))
              .replace("\"summary\": \"s\"", "\"summary\": " + Tampering.quote(summary));
          // keep the real branch and worktree sometimes, so the status is also trusted sometimes
          if (keep != 1) {
            s = s.replace(Tampering.quote("feature/" + t), Tampering.quote(branch));
          }
          if (keep != 2) {
            s = s.replace(Tampering.quote(".worktrees/" + t), Tampering.quote(worktree));
          }
          return s;
        });
  }

  static Arbitrary<String> jsonObject() {
    Arbitrary<String> entry = Combinators.combine(Arbitraries.of(FIELDS), jsonValue(2)).as((k, v) -> Tampering.quote(k) + ": " + v);
    return entry.list().ofMaxSize(12).map(l -> "{" + String.join(", ", l) + "}");
  }

  static Arbitrary<String> jsonValue(int depth) {
    Arbitrary<String> leaf = Arbitraries.frequencyOf(
        Tuple.of(5, hostileString().map(Tampering::quote)),
        Tuple.of(2, Arbitraries.longs().map(String::valueOf)),
        Tuple.of(1, Arbitraries.of("1e999999", "-0", "0.5", "99999999999999999999999", "-1", "1.7976931348623157E308")),
        Tuple.of(1, Arbitraries.of("true", "false", "null")));
    if (depth == 0) {
      return leaf;
    }
    return Arbitraries.frequencyOf(
        Tuple.of(6, leaf),
        Tuple.of(1, jsonValue(depth - 1).list().ofMaxSize(3).map(l -> "[" + String.join(", ", l) + "]")),
        Tuple.of(1, Combinators.combine(Arbitraries.of(FIELDS), jsonValue(depth - 1)).as((k, v) -> Tampering.quote(k) + ": " + v)
            .list().ofMaxSize(3).map(l -> "{" + String.join(", ", l) + "}")));
  }

  static Arbitrary<String> hostileString() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.of(HOSTILE)),
        Tuple.of(2, Arbitraries.strings().withChars("./\\:C~^@{}[]* -\u001b\u0007\u009bxfeat0123").ofMaxLength(16)),
        Tuple.of(1, Arbitraries.strings().all().ofMaxLength(12)));
  }

  @Provide
  Arbitrary<List<List<String>>> commands() {
    Arbitrary<String> name = Arbitraries.frequencyOf(
        Tuple.of(5, Arbitraries.of(NAMES)),
        Tuple.of(3, Arbitraries.of(HostileNamesTest.NAMES)),
        Tuple.of(1, hostileString()));
    Arbitrary<List<String>> fixed = Arbitraries.of(
        List.of("status"), List.of("status", "--json"), List.of("sync"), List.of("sync", "--json"),
        List.of("sync", "--merge"), List.of("sync", "--merge", "--dry-run"), List.of("sync", "--merge", "--json"),
        List.of("sync", "--interactive"), List.of("recover"), List.of("recover", "--json"), List.of("conflicts"),
        List.of("conflicts", "--json"), List.of("--help"), List.of("status", "--watch", "--timeout", "1ms"));
    Arbitrary<List<String>> cleanup = Combinators.combine(name, Arbitraries.of("--delete-branches", "--force", "--dry-run", "--json")
        .set().ofMaxSize(4)).as((n, flags) -> cat(List.of("cleanup"), flags, List.of("--", n)));
    Arbitrary<List<String>> report = Combinators.combine(Arbitraries.of("complete", "fail", "block"), name, hostileString())
        .as((verb, n, text) -> List.of(verb, "--task=" + n, verb.equals("complete") ? "--summary=" + text : "--reason=" + text));
    Arbitrary<List<String>> spawn = Combinators.combine(name, Arbitraries.of("1", "2", "0", "-1", "65", "x"), Arbitraries.of(true, false))
        .as((n, agents, dry) -> cat(List.of("spawn", "--agents", agents), dry ? List.of("--dry-run") : List.of(), List.of("--", n)));
    Arbitrary<List<String>> prompt = Combinators.combine(name, hostileString())
        .as((n, text) -> List.of("prompt", "--prompt=" + text, "--", n));
    // launch always with --wait: without it porch would start a supervisor that outlives the try.
    // launch and compete get hostile names, or names that exist (their agents fail at once): a run
    // on a new feature would only repeat what the tests of the patterns already cover, slowly
    Arbitrary<String> hostileOrTaken = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(HostileNamesTest.NAMES)),
        Tuple.of(1, Arbitraries.of("feat", "feat-1", "feat-2")));
    Arbitrary<List<String>> launch = hostileOrTaken.map(n -> List.of("launch", "--prompt", "$(touch pwned)", "--wait", "--", n));
    Arbitrary<List<String>> compete = hostileOrTaken.map(n -> List.of("compete", "--agents", "2", "--prompt", "x", "--json", "--", n));
    Arbitrary<List<String>> junk = Arbitraries.of("status", "sync", "cleanup", "recover", "complete", "--json", "--force",
        "--merge", "--dry-run", "-C", "..", "/etc", "../../x", "--", "-q", "-v", "--color", "always", "feat", "feat-1",
        "--task", "--summary", "\u001b[2J", "@/etc/hostname", "-rf", "nonsense").list().ofMinSize(1).ofMaxSize(6);
    Arbitrary<List<String>> command = Arbitraries.frequencyOf(
        Tuple.of(5, fixed), Tuple.of(3, cleanup), Tuple.of(3, report), Tuple.of(2, spawn), Tuple.of(2, prompt),
        Tuple.of(1, launch), Tuple.of(1, compete), Tuple.of(3, junk));
    return command.list().ofMinSize(1).ofMaxSize(3);
  }

  @SafeVarargs
  private static List<String> cat(java.util.Collection<String>... parts) {
    List<String> all = new ArrayList<>();
    for (java.util.Collection<String> p : parts) {
      all.addAll(p);
    }
    return all;
  }

  // --- putting the repository back between tries

  /** Worktrees, branches and status files as they were after the first spawn. */
  static void reset() {
    if (!refs().equals(initialRefs)) {
      for (String line : repo.git.git("worktree", "list", "--porcelain").split("\n")) {
        if (line.startsWith("worktree ")) {
          Path wt = Path.of(line.substring("worktree ".length()));
          if (!wt.equals(repo.root) && !wt.endsWith("feat-1") && !wt.endsWith("feat-2")) {
            repo.git.git("worktree", "remove", "--force", "--force", wt.toString());
          }
        }
      }
      repo.git.git("worktree", "prune");
      String[] initial = initialRefs.split("\n");
      for (String line : repo.git.git("for-each-ref", "--format=%(refname)", "refs/heads").split("\n")) {
        if (!line.isBlank() && Stream.of(initial).noneMatch(l -> l.startsWith("ref " + line + " "))) {
          repo.git.git("update-ref", "-d", line);
        }
      }
      for (String line : initial) {
        if (line.startsWith("ref ")) {
          String[] p = line.split(" ");
          if (p[1].equals("refs/heads/main")) {
            repo.git.git("reset", "-q", "--hard", p[2]);
          } else {
            repo.git.git("update-ref", p[1], p[2]);
          }
        }
      }
      for (String t : List.of("feat-1", "feat-2")) {
        if (!Files.exists(repo.root.resolve(".worktrees/" + t + "/.git"))) {
          delete(repo.root.resolve(".worktrees/" + t));
          repo.git.git("worktree", "add", "-q", ".worktrees/" + t, "feature/" + t);
        }
      }
      assertThat(refs()).as("reset").isEqualTo(initialRefs);
    }
    try (Stream<Path> extra = Files.list(repo.root.resolve(".worktrees"))) {
      extra.filter(p -> !Set.of("feat-1", "feat-2").contains(p.getFileName().toString())).forEach(HostileInputProperties::delete);
      Files.writeString(repo.root.resolve(".worktrees/feat-1/wip.txt"), "uncommitted\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    delete(repo.root.resolve(".agent-status"));
    copy(savedStatus, repo.root.resolve(".agent-status"));
  }

  /** Every ref with its commit, and every registered worktree with its branch. */
  static String refs() {
    StringBuilder b = new StringBuilder();
    for (String l : repo.git.git("for-each-ref", "--format=%(refname) %(objectname)").split("\n")) {
      b.append("ref ").append(l).append('\n');
    }
    for (String l : repo.git.git("worktree", "list", "--porcelain").split("\n")) {
      if (l.startsWith("worktree ") || l.startsWith("branch ")) {
        b.append(l).append('\n');
      }
    }
    return b.toString();
  }

  static void copy(Path from, Path to) {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void delete(Path root) {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (Files.isSymbolicLink(root)) {
      try {
        Files.delete(root);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
