package dev.porch.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineTailTest {
  @Test
  void last_keepsTheNewestLines() {
    LineTail t = new LineTail(3);
    for (int i = 1; i <= 5; i++) {
      t.add("l" + i);
    }
    assertThat(t.last(10)).containsExactly("l3", "l4", "l5");
    assertThat(t.last(2)).containsExactly("l4", "l5");
    assertThat(t.last(0)).isEmpty();
  }

  @Test
  void pump_splitsLinesAcrossBuffersAndTruncatesTheLog() {
    String text = "first\r\n" + "é".repeat(5000) + "\nlast";
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    List<String> lines = new ArrayList<>();
    OutputPump pump = new OutputPump(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), log, 100, lines::add);

    pump.run();

    assertThat(pump.done()).isDone();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).isEqualTo("first");
    assertThat(lines.get(1)).startsWith("éé").hasSizeLessThanOrEqualTo(4096);
    assertThat(lines.get(2)).isEqualTo("last");
    assertThat(log.toString(StandardCharsets.UTF_8)).endsWith("\n" + OutputPump.TRUNCATED + "\n");
    assertThat(log.size()).isLessThan(100 + 40);
  }

  @Test
  void pump_growsItsLineBufferUpToTheLimitForLongJsonLines() {
    String longLine = "{\"text\":\"" + "x".repeat(300_000) + "\"}";
    String text = "short\n" + longLine + "\n" + "y".repeat(2_000_000) + "\nafter\n";
    List<String> lines = new ArrayList<>();
    int[] flushes = {0};
    boolean[] ended = {false};
    OutputPump pump = new OutputPump(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
        new ByteArrayOutputStream(), Long.MAX_VALUE, 1 << 20, new OutputPump.Listener() {
          @Override
          public void accept(String line) {
            lines.add(line);
          }

          @Override
          public void flush() {
            flushes[0]++;
          }

          @Override
          public void end() {
            ended[0] = true;
          }
        });

    pump.run();

    assertThat(lines).hasSize(4);
    assertThat(lines.get(1)).isEqualTo(longLine);
    assertThat(lines.get(2)).hasSize(1 << 20);
    assertThat(lines.get(3)).isEqualTo("after");
    assertThat(flushes[0]).isPositive();
    assertThat(ended[0]).isTrue();
  }

  @Test
  void pump_survivesAListenerThatThrows() {
    OutputPump pump = new OutputPump(new ByteArrayInputStream("a\nb\n".getBytes(StandardCharsets.UTF_8)),
        new ByteArrayOutputStream(), Long.MAX_VALUE, 4096, line -> {
          throw new NoClassDefFoundError("boom");
        });

    pump.run();

    assertThat(pump.done()).isDone();
  }
}
