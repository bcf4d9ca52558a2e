package dev.porch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.agent.testing.Poll;
import dev.porch.core.AgentState;
import dev.porch.core.TaskName;
import dev.porch.core.port.StatusStore;
import dev.porch.status.StatusFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** {@code porch logs}: transcript or raw log, last lines, following, and what it refuses to read. */
class LogsTest {
  @TempDir Path tmp;
  GitRepo repo;
  StatusStore store;
  Path logs;

  @BeforeEach
  void setUp() throws Exception {
    repo = GitRepo.create(tmp.resolve("repo"));
    assertThat(Cli.run(repo.dir, "spawn", "auth", "--agents", "2").code()).isZero();
    store = StatusFiles.open(repo.dir);
    logs = Files.createDirectories(repo.dir.resolve(".agent-status/logs"));
  }

  private void write(String name, String text) throws Exception {
    Files.writeString(logs.resolve(name), text, StandardCharsets.UTF_8);
  }

  private void append(String name, String text) throws Exception {
    Files.writeString(logs.resolve(name), text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }

  private void move(String task, AgentState state) {
    store.update(TaskName.of(task), s -> s.moveTo(state, Instant.now()));
  }

  @Test
  void logs_printsTheTranscript_orTheRawLogWithoutOne_orWithRaw() throws Exception {
    write("auth-1.log", "{\"type\":\"raw\"}\n");
    Cli.Result rawOnly = Cli.run(repo.dir, "logs", "auth-1");
    write("auth-1.transcript.log", "> reading src/app.txt\nDone.\n");

    assertThat(rawOnly.code()).as(rawOnly.toString()).isZero();
    assertThat(rawOnly.out()).isEqualTo("{\"type\":\"raw\"}\n");
    assertThat(Cli.run(repo.dir, "logs", "auth-1").out()).isEqualTo("> reading src/app.txt\nDone.\n");
    assertThat(Cli.run(repo.dir, "logs", "auth-1", "--raw").out()).isEqualTo("{\"type\":\"raw\"}\n");
  }

  @Test
  void logs_lastLines_andALastLineWithoutNewline() throws Exception {
    write("auth-1.log", "one\ntwo\nthree\nfour");

    assertThat(Cli.run(repo.dir, "logs", "auth-1", "-n", "2").out()).isEqualTo("three\nfour\n");
    assertThat(Cli.run(repo.dir, "logs", "auth-1", "-n", "1").out()).isEqualTo("four\n");
    assertThat(Cli.run(repo.dir, "logs", "auth-1", "-n", "0").out()).isEmpty();
    assertThat(Cli.run(repo.dir, "logs", "auth-1", "-n", "-1").code()).isEqualTo(2);
  }

  @Test
  void logs_escapeSequences_areShownNotReplayed() throws Exception {
    write("auth-1.log", "\u001b[31mred\u001b]0;owned\u0007 \u202eevil\r\n");

    Cli.Result r = Cli.run(repo.dir, "logs", "auth-1");

    assertThat(r.out()).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\u202e").doesNotContain("\r")
        .contains("red").contains("owned").contains("evil");
  }

  @Test
  void logs_unknownTask_isAUsageErrorNamingTheKnownOnes() {
    Cli.Result r = Cli.run(repo.dir, "logs", "auht-1");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("porch: error: there is no task 'auht-1'").contains("hint: known tasks: auth-1, auth-2");
    assertThat(Cli.run(repo.dir, "logs", "../etc").code()).isEqualTo(2);
  }

  @Test
  void logs_noLogYet_failsWithAHint() {
    Cli.Result r = Cli.run(repo.dir, "logs", "auth-2");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("task auth-2 has no log yet").contains("hint:");
  }

  @Test
  void logs_statusFileNamingAnotherLog_isIgnored() throws Exception {
    Path secret = tmp.resolve("secret.txt");
    Files.writeString(secret, "SECRET\n");
    store.update(TaskName.of("auth-1"), s -> s.withLog(secret.toString()));
    write("auth-1.log", "mine\n");

    assertThat(Cli.run(repo.dir, "logs", "auth-1").out()).isEqualTo("mine\n");
  }

  @Test
  @DisabledOnOs(value = OS.WINDOWS, disabledReason = "symbolic links need a privilege Windows runners may lack")
  void logs_symbolicLinkOutOfTheStateFolder_isRefused() throws Exception {
    Path secret = tmp.resolve("secret.txt");
    Files.writeString(secret, "SECRET\n");
    Files.createSymbolicLink(logs.resolve("auth-1.transcript.log"), secret);

    Cli.Result r = Cli.run(repo.dir, "logs", "auth-1");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).doesNotContain("SECRET");
    assertThat(r.err()).contains("porch: error: refusing to read");
  }

  @Test
  @DisabledOnOs(value = OS.WINDOWS, disabledReason = "symbolic links need a privilege Windows runners may lack")
  void logs_logsFolderLinkedElsewhere_isRefused() throws Exception {
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    Files.writeString(elsewhere.resolve("auth-1.log"), "SECRET\n");
    Files.move(logs, tmp.resolve("old-logs")); // spawn left its setup logs there
    Files.createSymbolicLink(logs, elsewhere);

    Cli.Result r = Cli.run(repo.dir, "logs", "auth-1");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).doesNotContain("SECRET");
    assertThat(r.err()).contains("refusing to read");
  }

  @Test
  void follow_printsWhatIsAdded_andStopsWhenTheTaskIsFinalAndTheLogIsRead() throws Exception {
    move("auth-1", AgentState.RUNNING);
    write("auth-1.transcript.log", "first\n");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> Porch.run(
        new String[] {"logs", "auth-1", "-f"}, new PrintWriter(out), new PrintWriter(err), Map.of(), repo.dir));

    Poll.until("the first line", Duration.ofSeconds(20), () -> out.toString().equals("first\n"));
    append("auth-1.transcript.log", "second\nthird, not ended");
    Poll.until("the second line", Duration.ofSeconds(20), () -> out.toString().equals("first\nsecond\n"));
    assertThat(code).isNotDone();
    append("auth-1.transcript.log", " yet");
    move("auth-1", AgentState.COMPLETE);

    assertThat(code.get(20, TimeUnit.SECONDS)).as(err.toString()).isZero();
    assertThat(out.toString()).isEqualTo("first\nsecond\nthird, not ended yet\n");
  }

  @Test
  void follow_waitsForALogThatDoesNotExistYet() throws Exception {
    move("auth-2", AgentState.RUNNING);
    StringWriter out = new StringWriter();
    CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> Porch.run(
        new String[] {"logs", "auth-2", "--follow"}, new PrintWriter(out), new PrintWriter(new StringWriter()),
        Map.of(), repo.dir));

    write("auth-2.log", "a\nb\n");
    Poll.until("the lines", Duration.ofSeconds(20), () -> out.toString().equals("a\nb\n"));
    move("auth-2", AgentState.FAILED);

    assertThat(code.get(20, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void follow_interrupted_exits130() throws Exception {
    move("auth-1", AgentState.RUNNING);
    write("auth-1.log", "x\n");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int[] code = {-1};
    Thread t = new Thread(() -> code[0] = Porch.run(new String[] {"logs", "auth-1", "-f"}, new PrintWriter(out),
        new PrintWriter(err), Map.of(), repo.dir));
    t.start();
    Poll.until("the log", Duration.ofSeconds(20), () -> out.toString().equals("x\n"));

    t.interrupt();
    t.join(20_000);

    assertThat(t.isAlive()).isFalse();
    assertThat(code[0]).isEqualTo(130);
    assertThat(err.toString()).contains("porch: interrupted");
  }
}
