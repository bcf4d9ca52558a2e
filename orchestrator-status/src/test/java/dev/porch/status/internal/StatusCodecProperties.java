package dev.porch.status.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porch.core.AgentState;
import dev.porch.core.AgentStatus;
import dev.porch.core.TaskName;
import dev.porch.core.error.StatusFileException;
import dev.porch.core.port.TestResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The codec: any status survives a write and a read; any bytes read give a status or a StatusFileException. */
class StatusCodecProperties {
  private static final Path FILE = Path.of("/repo/.agent-status/a-1.json");
  private static final TaskName TASK = TaskName.of("a-1");
  private final StatusCodec codec = new StatusCodec(ZoneOffset.UTC);

  private AgentStatus roundTrip(AgentStatus s) {
    byte[] bytes = StatusCodec.toBytes(codec.encode(s, null));
    return codec.decode(FILE, TASK, JsonText.parse(FILE, JsonText.decode(FILE, bytes)));
  }

  @Property(tries = 300)
  void anyStatusRoundTrips(@ForAll("statuses") AgentStatus s) {
    assertThat(roundTrip(s)).isEqualTo(s);
  }

  @Property(tries = 300)
  void anyBytesGiveAStatusOrAStatusFileException(@ForAll("junk") byte[] bytes) {
    try {
      codec.decode(FILE, TASK, JsonText.parse(FILE, JsonText.decode(FILE, bytes)));
    } catch (StatusFileException e) {
      assertThat(e.file()).isEqualTo(FILE);
    }
  }

  @Provide
  Arbitrary<byte[]> junk() {
    String valid = "{\"task\":\"a-1\",\"status\":\"RUNNING\",\"started\":null,\"completed\":null,\"summary\":null,"
        + "\"files_changed\":[],\"branch\":\"feature/a-1\",\"worktree\":\".worktrees/a-1\",\"attempt\":3}";
    byte[] good = valid.getBytes(StandardCharsets.UTF_8);
    Arbitrary<byte[]> mutated = Arbitraries.integers().between(0, good.length - 1).list().ofMaxSize(4)
        .flatMap(positions -> Arbitraries.bytes().list().ofSize(positions.size()).map(values -> {
          byte[] b = good.clone();
          for (int i = 0; i < positions.size(); i++) {
            b[positions.get(i)] = values.get(i);
          }
          return b;
        }));
    Arbitrary<byte[]> cut = Arbitraries.integers().between(0, good.length).map(n -> java.util.Arrays.copyOf(good, n));
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
    return Arbitraries.oneOf(mutated, cut, random);
  }

  @Provide
  Arbitrary<AgentStatus> statuses() {
    Arbitrary<String> text = Arbitraries.strings().all().ofMaxLength(40)
        .filter(s -> s.codePoints().noneMatch(c -> Character.getType(c) == Character.SURROGATE));
    Arbitrary<Instant> time = Arbitraries.longs().between(0, 4_102_444_800L)
        .flatMap(sec -> Arbitraries.integers().between(0, 999_999_999).map(n -> Instant.ofEpochSecond(sec, n)));
    Arbitrary<TestResult> tests = Combinators.combine(Arbitraries.of(true, false), Arbitraries.integers(),
            Arbitraries.longs().between(0, 1_000_000), Arbitraries.integers().between(-1, 500),
            text.optional(), text.list().ofMaxSize(4), Arbitraries.of(true, false))
        .as((p, code, ms, count, fmt, cmd, to) -> new TestResult(p, code, Duration.ofMillis(ms), count, count,
            count, fmt, cmd, to));
    Arbitrary<AgentStatus> base = Combinators.combine(Arbitraries.of(AgentState.class), time.optional(),
            time.optional(), text.optional(), text.list().ofMaxSize(5), Arbitraries.of("main", "feature/a-1", "x/y.z"),
            Arbitraries.of(".worktrees/a-1"), Arbitraries.integers().between(1, 1000))
        .as((state, started, completed, summary, files, branch, wt, attempt) -> (AgentStatus) AgentStatus.builder()
            .task(TASK).status(state).started(started).completed(completed).summary(summary)
            .addAllFilesChanged(files).branch(branch).worktree(wt).attempt(attempt).build());
    Arbitrary<AgentStatus> some = Combinators.combine(base, text.optional(), text.optional(),
            Arbitraries.integers().optional(), Arbitraries.integers().between(0, 65535).optional(), tests.optional(),
            Arbitraries.doubles().optional(), text.optional())
        .as((s, pattern, role, exit, port, t, score, agent) -> {
          AgentStatus out = s;
          out = pattern.map(out::withPattern).orElse(out);
          out = role.map(out::withRole).orElse(out);
          out = exit.map(out::withExitCode).orElse(out);
          out = port.map(out::withPort).orElse(out);
          out = t.map(out::withTests).orElse(out);
          out = score.map(out::withScore).orElse(out);
          return agent.map(out::withAgent).orElse(out);
        });
    return Combinators.combine(some, Arbitraries.longs().between(1, Long.MAX_VALUE).optional(), time.optional(),
            time.optional(), text.optional(), text.optional(), text.optional(), text.optional())
        .as((s, pid, pidStarted, updated, run, log, base2, error) -> {
          AgentStatus out = pid.isPresent() ? s.withProcess(pid.get(), pidStarted.orElse(null)) : s;
          out = updated.map(out::withUpdated).orElse(out);
          out = run.map(out::withRun).orElse(out);
          out = log.map(out::withLog).orElse(out);
          out = base2.map(out::withBase).orElse(out);
          return error.map(out::withError).orElse(out);
        });
  }

  @Property(tries = 50)
  void unknownTopLevelFieldsSurviveARewrite(@ForAll("statuses") AgentStatus s) {
    var previous = JsonText.NODES.objectNode().put("reviewer", "frans").put("status", "IGNORED");
    previous.putArray("notes").add("x");
    var written = codec.encode(s, previous);
    assertThat(written.get("reviewer").asText()).isEqualTo("frans");
    assertThat(written.get("notes")).hasSize(1);
    assertThat(written.get("status").asText()).isEqualTo(s.status().name());
    assertThat(List.copyOf(StatusCodec.SEED_FIELDS)).allMatch(written::has);
    assertThat(Optional.ofNullable(written.get("pattern")).isPresent()).isEqualTo(s.pattern().isPresent());
  }
}
