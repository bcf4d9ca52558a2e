package dev.porch.agent.internal.stream;

import dev.porch.core.port.AgentActivity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** A {@link StreamSink} that remembers everything, and a way to feed it a fixture. */
final class RecordingSink implements StreamSink {
  final List<String> transcript = new ArrayList<>();
  final List<String> rateLimits = new ArrayList<>();
  final List<String> logins = new ArrayList<>();
  final List<String> errors = new ArrayList<>();
  AgentActivity activity = AgentActivity.NONE;

  /** Reads a fixture under {@code streams/} through the parser for {@code stream}. */
  static RecordingSink read(String stream, String cli, String fixture) {
    RecordingSink sink = new RecordingSink();
    StreamParser parser = StreamParser.forStream(stream, cli).orElseThrow();
    for (String line : lines(fixture)) {
      parser.accept(line, sink);
    }
    parser.end(sink);
    return sink;
  }

  /** Reads the first {@code n} lines of a fixture; {@link Replay#rest()} reads the others. */
  static Replay replay(String stream, String cli, String fixture, int n) {
    Replay r = new Replay(StreamParser.forStream(stream, cli).orElseThrow(), lines(fixture));
    r.upTo(n);
    return r;
  }

  /** Reads one line. */
  static RecordingSink one(String stream, String line) {
    RecordingSink sink = new RecordingSink();
    StreamParser.forStream(stream, "x").orElseThrow().accept(line, sink);
    return sink;
  }

  /** A fixture read part by part, to look at the activity half way. */
  static final class Replay {
    final RecordingSink sink = new RecordingSink();
    private final StreamParser parser;
    private final List<String> lines;
    private int next;

    Replay(StreamParser parser, List<String> lines) {
      this.parser = parser;
      this.lines = lines;
    }

    RecordingSink upTo(int n) {
      while (next < Math.min(n, lines.size())) {
        parser.accept(lines.get(next++), sink);
      }
      return sink;
    }

    RecordingSink rest() {
      upTo(lines.size());
      parser.end(sink);
      return sink;
    }
  }

  static List<String> lines(String fixture) {
    try {
      return Files.readAllLines(fixture(fixture), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The file of a fixture, e.g. {@code codex/fix-calc.jsonl}. */
  static Path fixture(String name) {
    try {
      return Path.of(RecordingSink.class.getResource("/dev/porch/agent/streams/" + name).toURI());
    } catch (Exception e) {
      throw new IllegalArgumentException("no fixture " + name, e);
    }
  }

  @Override
  public void transcript(String line) {
    transcript.add(line);
  }

  @Override
  public void activity(UnaryOperator<AgentActivity> change) {
    activity = change.apply(activity);
  }

  @Override
  public void rateLimited(String notice) {
    rateLimits.add(notice);
    activity = activity.withNotice(notice);
  }

  @Override
  public void loginFailed(String what, String detail) {
    logins.add(what + " (" + detail + ")");
  }

  @Override
  public void error(String line) {
    errors.add(line);
  }
}
