package dev.porch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.cli.PorchJarIT.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What is judged is what is merged (issue 15's transcript, through the jar): an agent that edits
 * files and exits 0 without committing, as {@code claude -p --permission-mode acceptEdits} does.
 * Before porch committed leftovers, the tests ran on the uncommitted files, calc-1 was declared the
 * winner, and its merge was ALREADY_UP_TO_DATE: main got nothing.
 */
class JudgedIsMergedIT {
  @TempDir Path tmp;

  /** A repository with a broken add and a check that needs it fixed; the agent fixes only in calc-1. */
  private GitRepo calcRepo(String extraConfig) throws Exception {
    GitRepo repo = GitRepo.create(tmp.resolve("repo"));
    repo.write("calc.sh", "#!/bin/sh\necho $(($1 - $2))\n");
    repo.write("check.sh", "#!/bin/sh\n[ \"$(./calc.sh 2 3)\" = 5 ] && echo '1 passed' || { echo '1 failed'; exit 1; }\n");
    for (String f : new String[] {"calc.sh", "check.sh"}) {
      Files.setPosixFilePermissions(repo.dir.resolve(f), PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    repo.write(".gitignore", "*.log\n");
    repo.write(".porch.json", "{\"agent\": \"editor\", " + extraConfig + "\"agents\": {\"editor\": {\"command\": "
        + "[\"sh\", \"-c\", \"if [ \\\"$1\\\" = calc-1 ]; then sed -i s/-/+/ calc.sh; echo scratch > notes.log; fi\", "
        + "\"sh\", \"{task}\"]}}}");
    repo.git("add", "-A");
    repo.git("commit", "-q", "-m", "calc with a bug");
    return repo;
  }

  @Test
  void compete_anAgentThatOnlyEdits_hasItsWorkCommittedJudgedAndMerged() throws Exception {
    GitRepo repo = calcRepo("");
    Run r = PorchJarIT.run(repo.dir, PorchJarIT.porch("compete", "calc", "--agents", "2", "--prompt", "fix add",
        "--test", "./check.sh").toArray(String[]::new));
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("Decision: MERGE").contains("calc-1 wins");
    assertThat(Files.readString(repo.dir.resolve("calc.sh"))).as("main got the fix").contains("$1 + $2");
    assertThat(repo.git("log", "--format=%an|%s", "-3", "main")).contains("editor (via porch)|Work of calc-1")
        .contains("Merge calc-1:");
    assertThat(repo.git("log", "--all", "--format=%H", "--", "notes.log")).as(".gitignore is honoured").isEmpty();
    assertThat(r.out()).as("calc-2 brought nothing and is never a winner")
        .containsPattern("calc-2.*(no commits beyond its base|FAIL|fail)");
  }

  @Test
  void compete_withCommitLeftoversOff_failsTheTaskAndMergesNothing() throws Exception {
    GitRepo repo = calcRepo("\"commit_leftovers\": false, ");
    String before = repo.git("rev-parse", "main");
    Run r = PorchJarIT.run(repo.dir, PorchJarIT.porch("compete", "calc", "--agents", "2", "--prompt", "fix add",
        "--test", "./check.sh", "--keep").toArray(String[]::new));
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.out() + r.err()).contains("left uncommitted work, nothing committed");
    assertThat(repo.git("rev-parse", "main")).isEqualTo(before);
    assertThat(Files.readString(repo.dir.resolve(".agent-status/calc-1.json"))).contains("\"FAILED\"")
        .doesNotContain("committed_by_porch");
  }
}
