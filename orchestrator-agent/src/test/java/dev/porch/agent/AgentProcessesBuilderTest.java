package dev.porch.agent;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentProcessesBuilderTest {
  @TempDir Path dir;

  @Test
  void builder_nullRoot() {
    assertThatThrownBy(() -> AgentProcesses.builder(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void gracePeriod_nullNegativeTwice() {
    AgentProcesses.Builder b = AgentProcesses.builder(dir);
    assertThatThrownBy(() -> b.gracePeriod(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> b.gracePeriod(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    b.gracePeriod(Duration.ZERO);
    assertThatThrownBy(() -> b.gracePeriod(Duration.ZERO)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void profiles_nullTwice() {
    AgentProcesses.Builder b = AgentProcesses.builder(dir);
    assertThatThrownBy(() -> b.profiles(null)).isInstanceOf(NullPointerException.class);
    b.profiles(AgentProfiles.builtIn());
    assertThatThrownBy(() -> b.profiles(AgentProfiles.builtIn())).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void template_nullTwice() {
    AgentProcesses.Builder b = AgentProcesses.builder(dir);
    assertThatThrownBy(() -> b.template(null)).isInstanceOf(NullPointerException.class);
    b.template(PromptTemplate.defaultTemplate());
    assertThatThrownBy(() -> b.template(PromptTemplate.defaultTemplate())).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void maxLogBytes_zeroTwice() {
    AgentProcesses.Builder b = AgentProcesses.builder(dir);
    assertThatThrownBy(() -> b.maxLogBytes(0)).isInstanceOf(IllegalArgumentException.class);
    b.maxLogBytes(1);
    assertThatThrownBy(() -> b.maxLogBytes(1)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void customCommand_nullEmptyTwice() {
    AgentProcesses.Builder b = AgentProcesses.builder(dir);
    assertThatThrownBy(() -> b.customCommand(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> b.customCommand(List.of())).isInstanceOf(IllegalArgumentException.class);
    b.customCommand(List.of("x"));
    assertThatThrownBy(() -> b.customCommand(List.of("x"))).isInstanceOf(IllegalStateException.class);
  }
}
