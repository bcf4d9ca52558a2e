package dev.porch.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porch.core.error.PorchException;
import dev.porch.core.port.TestCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code .porch.json}: every field, its defaults, and an error that names the field for each bad value. */
class PorchConfigTest {
  @TempDir Path tmp;

  private PorchConfig parse(String json) {
    return PorchConfig.parse(tmp.resolve(PorchConfig.FILE), json);
  }

  @Test
  void missingFileEmptyObjectAndTheTemplateAreAllTheDefaults() {
    assertThat(PorchConfig.read(tmp)).isEqualTo(PorchConfig.defaults());
    assertThat(parse("{}")).isEqualTo(PorchConfig.defaults());
    PorchConfig template = parse(PorchConfig.template());
    assertThat(template).usingRecursiveComparison().ignoringFields("agentsJson").isEqualTo(PorchConfig.defaults());
    assertThat(template.agentsJson()).as("no profiles of one's own").hasValue("{}");
    assertThat(parse("\uFEFF{}")).as("a BOM written by a Windows editor").isEqualTo(PorchConfig.defaults());
  }

  @Test
  void everyFieldIsRead() throws Exception {
    Files.writeString(tmp.resolve(PorchConfig.FILE), """
        {"$schema": "x", "base": "develop", "branch_prefix": "agent/", "agent": "codex",
         "agents": {"mine": {"command": ["my-agent"]}}, "setup": ["npm", "ci"], "test": "npm test",
         "concurrency": 4, "timeout": "1h30m", "setup_timeout": "90s", "git_timeout": "15m"}
        """);
    PorchConfig c = PorchConfig.read(tmp);
    assertThat(c.base()).hasValue("develop");
    assertThat(c.branchPrefix()).isEqualTo("agent/");
    assertThat(c.agent()).isEqualTo("codex");
    assertThat(c.agentsJson()).hasValueSatisfying(j -> assertThat(j).contains("my-agent"));
    assertThat(c.setup()).hasValue(new TestCommand(List.of("npm", "ci"), false));
    assertThat(c.test()).hasValue(TestCommand.shellLine("npm test"));
    assertThat(c.concurrency()).isEqualTo(4);
    assertThat(c.timeout()).hasValue(Duration.ofMinutes(90));
    assertThat(c.setupTimeout()).hasValue(Duration.ofSeconds(90));
    assertThat(c.gitTimeout()).hasValue(Duration.ofMinutes(15));
    assertThat(parse("{\"git_timeout\": null}").gitTimeout()).isEqualTo(Optional.empty());
  }

  @Test
  void aTypoIsAnErrorListingTheKnownFields() {
    assertThatThrownBy(() -> parse("{\"git_timout\": \"5m\"}"))
        .isInstanceOfSatisfying(PorchException.class, e -> {
          assertThat(e).hasMessageContaining("unknown field 'git_timout'").hasMessageContaining(".porch.json");
          assertThat(e.hints()).singleElement().asString().contains("git_timeout", "setup_timeout", "concurrency");
        });
  }

  @Test
  void eachBadValueNamesItsField() {
    assertThatThrownBy(() -> parse("{\"git_timeout\": \"soon\"}")).hasMessageContaining("git_timeout")
        .hasMessageContaining("'soon' is not a duration");
    assertThatThrownBy(() -> parse("{\"git_timeout\": 300}")).hasMessageContaining("'git_timeout' must be a non-empty string");
    assertThatThrownBy(() -> parse("{\"timeout\": \"99999999999999999999999h\"}")).hasMessageContaining("timeout")
        .hasMessageContaining("longer than porch can wait");
    assertThatThrownBy(() -> parse("{\"concurrency\": 0}")).hasMessageContaining("'concurrency' must be a whole number from 1 to 256");
    assertThatThrownBy(() -> parse("{\"concurrency\": \"4\"}")).hasMessageContaining("concurrency");
    assertThatThrownBy(() -> parse("{\"setup\": [\"npm\", 1]}")).hasMessageContaining("'setup' must be");
    assertThatThrownBy(() -> parse("{\"test\": []}")).hasMessageContaining("'test' must be");
    assertThatThrownBy(() -> parse("{\"agents\": [1]}")).hasMessageContaining("'agents' must be an object");
    assertThatThrownBy(() -> parse("{\"base\": \"  \"}")).hasMessageContaining("'base' must be a non-empty string");
    assertThatThrownBy(() -> parse("[]")).hasMessageContaining("(top level)");
  }

  @Test
  void invalidJsonSaysWhere() {
    assertThatThrownBy(() -> parse("{\n  \"agent\": \"claude\",\n  oops\n}"))
        .isInstanceOfSatisfying(PorchException.class, e -> {
          assertThat(e).hasMessageContaining("is not valid JSON (line 3");
          assertThat(e.hints()).singleElement().asString().contains("docs/config.md");
        });
  }

  @Test
  void shareAsArrayOrObject_portsPerTask_andNotify() {
    assertThat(parse("{\"share\": [\"node_modules\", \".venv\"]}").share())
        .containsExactly(java.util.Map.entry("node_modules", "auto"), java.util.Map.entry(".venv", "auto"));
    assertThat(parse("{\"share\": {\"target\": \"copy\", \"node_modules\": \"symlink\"}}").share())
        .containsExactly(java.util.Map.entry("target", "copy"), java.util.Map.entry("node_modules", "symlink"));
    assertThat(parse("{\"ports_per_task\": 20}").portsPerTask()).isEqualTo(20);
    PorchConfig.Notify n = parse("{\"notify\": {\"desktop\": true, \"command\": [\"notifier\", \"-q\"],"
        + " \"webhook\": \"http://127.0.0.1:9/x\", \"webhook_timeout\": \"2s\", \"on\": [\"blocked\"]}}").notifications().orElseThrow();
    assertThat(n.desktop()).isTrue();
    assertThat(n.command()).containsExactly("notifier", "-q");
    assertThat(n.webhook()).hasValue("http://127.0.0.1:9/x");
    assertThat(n.webhookTimeout()).hasValue(Duration.ofSeconds(2));
    assertThat(n.on()).containsExactly("blocked");
  }

  @Test
  void badShareNotifyAndPortsValues_nameTheField() {
    for (String[] bad : List.of(
        new String[] {"{\"share\": \"node_modules\"}", "'share' must be an array of folders"},
        new String[] {"{\"share\": {\"node_modules\": \"hardlink\"}}", "'share.node_modules' must be"},
        new String[] {"{\"ports_per_task\": 0}", "'ports_per_task' must be a whole number from 1 to 1000"},
        new String[] {"{\"notify\": {\"command\": \"notify-send done\"}}", "'notify.command' must be a non-empty array"},
        new String[] {"{\"notify\": {\"webhook\": \"ftp://x\"}}", "'notify.webhook' must be an http:// or https:// URL"},
        new String[] {"{\"notify\": {\"on\": [\"always\"]}}", "'notify.on' must be"},
        new String[] {"{\"notify\": {\"email\": \"me@x\"}}", "unknown field 'notify.email'"},
        // these got through and failed 'porch block' (exit 1 after the state was written) or a run as it started
        new String[] {"{\"notify\": {\"webhook\": \"http://\"}}", "'notify.webhook' must be an http:// or https:// URL"},
        new String[] {"{\"notify\": {\"webhook\": \"http://a b/\"}}", "'notify.webhook' must be an http:// or https:// URL"},
        new String[] {"{\"notify\": {\"command\": [\"\", \"x\"]}}", "'notify.command' must be a non-empty array of strings whose first"},
        new String[] {"{\"notify\": {\"desktop\": \"yes\"}}", "'notify.desktop' must be true or false"},
        new String[] {"{\"notify\": {\"webhook\": 5}}", "'notify.webhook' must be a non-empty string"})) {
      assertThatThrownBy(() -> parse(bad[0])).as(bad[0]).isInstanceOf(PorchException.class).hasMessageContaining(bad[1]);
    }
  }
}
