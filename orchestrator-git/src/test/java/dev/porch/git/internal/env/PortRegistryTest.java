package dev.porch.git.internal.env;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.porch.core.TaskName;
import dev.porch.git.internal.Layout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .worktrees/.porch-ports.json file itself: valid JSON out, odd entries and broken files tolerated. */
class PortRegistryTest {
  @TempDir Path root;

  @Test
  void writesAJsonObjectOfTaskToPort_andReadsItBack() throws Exception {
    Layout layout = new Layout(root);
    PortRegistry ports = new PortRegistry(layout, 43000, 100, 10);
    Map<TaskName, OptionalInt> got = ports.assign(List.of(TaskName.of("a-1"), TaskName.of("b-2")));
    Map<String, Object> onDisk = new ObjectMapper().readValue(layout.dir().resolve(".porch-ports.json").toFile(),
        new TypeReference<Map<String, Object>>() {});
    assertThat(onDisk).containsOnlyKeys("a-1", "b-2");
    assertThat(onDisk.get("a-1")).isEqualTo(got.get(TaskName.of("a-1")).getAsInt());
    assertThat(new PortRegistry(layout, 43000, 100, 10).get(TaskName.of("b-2"))).isEqualTo(got.get(TaskName.of("b-2")));
  }

  @Test
  void entriesThatAreNotATaskAndAWholeNumberAreDropped() throws Exception {
    Layout layout = new Layout(root);
    Files.createDirectories(layout.dir());
    Files.writeString(layout.dir().resolve(".porch-ports.json"),
        "{\"ok-1\": 43050, \"Bad Name\": 43010, \"half\": 4.5, \"text\": \"43020\", \"odd\": 43005}");
    PortRegistry ports = new PortRegistry(layout, 43000, 100, 10);
    assertThat(ports.get(TaskName.of("ok-1"))).hasValue(43050);
    assertThat(ports.get(TaskName.of("half"))).isEmpty();
    assertThat(ports.get(TaskName.of("text"))).isEmpty();
    assertThat(ports.get(TaskName.of("odd"))).as("not the start of a block").isEmpty();
  }

  @Test
  void blocksAreWholeAndDistinct_untilTheRangeIsFull() {
    PortRegistry ports = new PortRegistry(new Layout(root), 43000, 35, 10); // 3 whole blocks
    Map<TaskName, OptionalInt> got = ports.assign(List.of(TaskName.of("a"), TaskName.of("b"), TaskName.of("c"), TaskName.of("d")));
    assertThat(List.of(got.get(TaskName.of("a")), got.get(TaskName.of("b")), got.get(TaskName.of("c"))))
        .extracting(OptionalInt::getAsInt).containsExactlyInAnyOrder(43000, 43010, 43020);
    assertThat(got.get(TaskName.of("d"))).isEmpty();
  }

  @Test
  void reconcile_freesBlocksOfGoneTasks_andGivesLiveTasksTheirsBack() throws Exception {
    Layout layout = new Layout(root);
    PortRegistry ports = new PortRegistry(layout, 43000, 100, 10);
    Map<TaskName, OptionalInt> got = ports.assign(List.of(TaskName.of("live-1"), TaskName.of("gone-1")));
    Files.delete(layout.state().portRegistry()); // the file is lost ...
    ports.assign(List.of(TaskName.of("gone-1"))); // ... and a crashed porch left only gone-1's entry

    Map<TaskName, String> changes = ports.reconcile(List.of(TaskName.of("live-1")));

    assertThat(changes.get(TaskName.of("gone-1"))).startsWith("freed ports 43");
    assertThat(changes.get(TaskName.of("live-1"))).startsWith("gave ports 43");
    assertThat(ports.get(TaskName.of("gone-1"))).isEmpty();
    assertThat(ports.get(TaskName.of("live-1"))).isPresent();
    assertThat(got.get(TaskName.of("gone-1"))).isPresent();
    assertThat(ports.reconcile(List.of(TaskName.of("live-1")))).isEmpty();
  }

  @Test
  void aBrokenFileIsRebuilt() throws Exception {
    Layout layout = new Layout(root);
    Files.createDirectories(layout.dir());
    Files.writeString(layout.dir().resolve(".porch-ports.json"), "{\"ok-1\": 43005,");
    PortRegistry ports = new PortRegistry(layout, 43000, 100, 10);
    assertThat(ports.get(TaskName.of("ok-1"))).isEmpty();
    assertThat(ports.assign(List.of(TaskName.of("ok-1"))).get(TaskName.of("ok-1"))).isPresent();
    assertThat(ports.get(TaskName.of("ok-1"))).isPresent();
  }

  @Test
  void twoRepositories_neverHandOutTheSameBlock_andAGoneWorktreeFreesItsOwn() throws Exception {
    Path user = root.resolve("home/.local/state/porch/ports.json");
    Layout a = new Layout(Files.createDirectories(root.resolve("a")));
    Layout b = new Layout(Files.createDirectories(root.resolve("b")));
    // the same task names hash to the same first probe: without the user's file both got 43000 and 43010
    Files.createDirectories(a.dir().resolve("t-1"));
    Files.createDirectories(a.dir().resolve("t-2"));
    Files.createDirectories(b.dir().resolve("t-1"));
    Files.createDirectories(b.dir().resolve("t-2"));
    PortRegistry inA = new PortRegistry(a, 43000, 40, 10, Optional.of(user));
    PortRegistry inB = new PortRegistry(b, 43000, 40, 10, Optional.of(user));

    Map<TaskName, OptionalInt> gotA = inA.assign(List.of(TaskName.of("t-1"), TaskName.of("t-2")));
    Map<TaskName, OptionalInt> gotB = inB.assign(List.of(TaskName.of("t-1"), TaskName.of("t-2")));

    assertThat(List.of(gotA.get(TaskName.of("t-1")), gotA.get(TaskName.of("t-2")), gotB.get(TaskName.of("t-1")),
        gotB.get(TaskName.of("t-2")))).extracting(OptionalInt::getAsInt).containsExactlyInAnyOrder(43000, 43010, 43020, 43030);
    assertThat(Files.readString(user)).contains(a.dir().resolve("t-1").toString(), b.dir().resolve("t-2").toString());

    // a's t-2 is removed: its block is free for b, though a's own file still names it until a next writes
    Files.delete(a.dir().resolve("t-2"));
    Files.createDirectories(b.dir().resolve("t-3"));
    assertThat(inB.assign(List.of(TaskName.of("t-3"))).get(TaskName.of("t-3"))).isEqualTo(gotA.get(TaskName.of("t-2")));

    // release drops a repository's entries from the user's file too
    inB.release(List.of(TaskName.of("t-1"), TaskName.of("t-2"), TaskName.of("t-3")));
    assertThat(Files.readString(user)).doesNotContain(b.dir().toString()).contains(a.dir().resolve("t-1").toString());
  }

  @Test
  void userFile_followsXdgStateHome_elseHome() {
    assertThat(PortRegistry.userFile(Map.of("XDG_STATE_HOME", "/s", "HOME", "/h"), false)).hasValue(Path.of("/s/porch/ports.json"));
    assertThat(PortRegistry.userFile(Map.of("HOME", "/h"), false)).hasValue(Path.of("/h/.local/state/porch/ports.json"));
    assertThat(PortRegistry.userFile(Map.of(), false)).isEmpty();
  }
}
