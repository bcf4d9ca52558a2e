package dev.porch.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.core.TaskName;
import dev.porch.core.port.ChangedFile;
import dev.porch.core.port.DiffStat;
import dev.porch.core.port.Workspace;
import dev.porch.core.port.WorkspaceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * changedFiles, diffStat and predictConflicts give git's own answers ({@code git diff --name-status
 * -M base...branch}, {@code --shortstat}, {@code git merge-tree}) on the tricky cases.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiffsTest {
  @TempDir static Path tmp;
  private TestRepo repo;
  private GitWorkspaces git;
  private final Map<String, Workspace> ws = new HashMap<>();

  private static String lines(int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(i -> "line " + i + " of some text\n").collect(Collectors.joining());
  }

  @BeforeAll
  void setUp() throws Exception {
    repo = TestRepo.withFiles(tmp.resolve("repo"), Map.of(
        "big.txt", lines(1, 40),
        "twin.txt", lines(100, 120),
        "plain.txt", "a\nb\nc\n",
        "bin.dat", "\0\1\2binary\n",
        "mid.txt", lines(200, 230),
        "dm/a.txt", lines(300, 320),
        "dm/b.txt", lines(400, 420)));
    git = GitWorkspaces.open(repo.dir());
    git.init();
    for (Workspace w : git.create(List.of("rename-edit", "type", "binary", "copies", "myers", "both-1", "both-2",
        "filedir-1", "filedir-2", "dirmove-1", "dirmove-2", "delete")
        .stream().map(n -> WorkspaceSpec.of(TaskName.of(n))).toList())) {
      ws.put(w.task().value(), w);
    }
    Path p = ws.get("rename-edit").path();
    Files.delete(p.resolve("big.txt"));
    TestRepo.write(p, "moved/big.txt", lines(1, 30) + "changed\n" + lines(32, 40));
    commit("rename-edit");

    p = ws.get("type").path();
    Files.delete(p.resolve("plain.txt"));
    Files.createSymbolicLink(p.resolve("plain.txt"), Path.of("big.txt"));
    commit("type");

    p = ws.get("binary").path();
    Files.write(p.resolve("bin.dat"), new byte[] {0, 9, 9, 'x'});
    Files.write(p.resolve("new.bin"), new byte[] {0, 1});
    commit("binary");

    p = ws.get("copies").path();
    Files.delete(p.resolve("twin.txt"));
    TestRepo.write(p, "a/twin.txt", lines(100, 120));
    TestRepo.write(p, "b/twin.txt", lines(100, 120));
    commit("copies");

    p = ws.get("myers").path();
    StringBuilder s = new StringBuilder();
    for (int i = 200; i <= 230; i++) {
      s.append(i % 3 == 0 ? "}\n" : i % 5 == 0 ? "moved " + i + "\n" : "line " + i + " of some text\n");
    }
    Files.writeString(p.resolve("mid.txt"), s.toString());
    commit("myers");

    p = ws.get("both-1").path();
    Files.delete(p.resolve("plain.txt"));
    Files.writeString(p.resolve("mid.txt"), lines(200, 215) + "one\n" + lines(217, 230));
    commit("both-1");
    p = ws.get("both-2").path();
    Files.writeString(p.resolve("plain.txt"), "a\nB\nc\n");
    Files.delete(p.resolve("big.txt"));
    Files.writeString(p.resolve("big2.txt"), lines(1, 40));
    Files.writeString(p.resolve("mid.txt"), lines(200, 215) + "two\n" + lines(217, 230));
    commit("both-2");

    TestRepo.write(ws.get("filedir-1").path(), "fd", "a file\n");
    commit("filedir-1");
    TestRepo.write(ws.get("filedir-2").path(), "fd/y", "a file in a folder\n");
    commit("filedir-2");

    p = ws.get("dirmove-1").path();
    for (String f : List.of("a.txt", "b.txt")) {
      TestRepo.write(p, "dm2/" + f, Files.readString(p.resolve("dm/" + f)));
      Files.delete(p.resolve("dm/" + f));
    }
    TestRepo.write(p, "dm2/new.txt", "added where the folder went\n");
    commit("dirmove-1");
    TestRepo.write(ws.get("dirmove-2").path(), "dm/new.txt", "added in the old folder\n");
    commit("dirmove-2");

    Files.delete(ws.get("delete").path().resolve("mid.txt"));
    commit("delete");

    Workspace stacked = git.create(List.of(WorkspaceSpec.of(TaskName.of("stacked"), ws.get("both-1").branch()))).get(0);
    ws.put("stacked", stacked);
    TestRepo.write(stacked.path(), "mid.txt", lines(200, 215) + "stacked\n" + lines(217, 230));
    commit("stacked");
  }

  private void commit(String task) throws Exception {
    TestRepo.commitIn(ws.get(task).path(), task);
  }

  @AfterAll
  void close() {
    git.close();
  }

  private List<ChangedFile> cli(String branch) {
    List<String> f = List.of(repo.git("diff", "--name-status", "-z", "-M", "main..." + branch).split("\0"));
    List<ChangedFile> out = new ArrayList<>();
    for (int i = 0; i < f.size() && !f.get(i).isEmpty(); i++) {
      char c = f.get(i).charAt(0);
      ChangedFile.Type type = java.util.Arrays.stream(ChangedFile.Type.values()).filter(x -> x.letter() == c).findFirst().orElseThrow();
      if (c == 'R' || c == 'C') {
        out.add(new ChangedFile(type, f.get(i + 2), Optional.of(f.get(i + 1))));
        i += 2;
      } else {
        out.add(ChangedFile.of(type, f.get(++i)));
      }
    }
    return out;
  }

  private DiffStat shortstat(String branch) {
    String s = repo.git("diff", "--shortstat", "main..." + branch);
    return new DiffStat(num(s, "(\\d+) files? changed"), num(s, "(\\d+) insertion"), num(s, "(\\d+) deletion"));
  }

  private static int num(String s, String regex) {
    Matcher m = Pattern.compile(regex).matcher(s);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  @Test
  void changedFilesAndDiffStat_sameAsGit() {
    for (Workspace w : ws.values()) {
      assertThat(git.changedFiles(w.branch(), "main")).as(w.branch()).containsExactlyInAnyOrderElementsOf(cli(w.branch()));
      assertThat(git.diffStat(w.branch(), "main")).as(w.branch()).isEqualTo(shortstat(w.branch()));
    }
  }

  @Test
  void predictConflicts_sameAsGit() {
    List<String> branches = ws.values().stream().map(Workspace::branch).sorted().toList();
    var m = git.predictConflicts(branches, "main");
    for (int i = 0; i < branches.size(); i++) {
      for (int j = i + 1; j < branches.size(); j++) {
        TestRepo.Run r = TestRepo.run(repo.dir(), "merge-tree", "--write-tree", "--name-only", "--no-messages", branches.get(i), branches.get(j));
        List<String> expected = r.exit() == 0 ? List.of() : r.out().lines().skip(1).distinct().toList();
        assertThat(m.conflicts(branches.get(i), branches.get(j))).as(branches.get(i) + " x " + branches.get(j))
            .containsExactlyElementsOf(expected);
      }
    }
    assertThat(m.conflicts(ws.get("both-1").branch(), ws.get("both-2").branch())).contains("mid.txt", "plain.txt");
    assertThat(m.conflicts(ws.get("filedir-1").branch(), ws.get("filedir-2").branch())).isNotEmpty();
    assertThat(m.conflicts(ws.get("dirmove-1").branch(), ws.get("dirmove-2").branch())).isNotEmpty();
    assertThat(m.conflicts(ws.get("delete").branch(), ws.get("myers").branch())).containsExactly("mid.txt");
  }
}
