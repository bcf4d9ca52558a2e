package dev.porch.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArgTemplateTest {
  @Test
  void expand_keepsEachArgumentOneArgument() {
    Map<String, String> v = Map.of("prompt", "a b\n\"c\" {task}", "task", "t-1");

    assertThat(ArgTemplate.expand(List.of("agent", "--message={prompt}", "{prompt}", "{task}.log", "{nope}", "{", "}{task}"), v))
        .containsExactly("agent", "--message=a b\n\"c\" {task}", "a b\n\"c\" {task}", "t-1.log", "{nope}", "{", "}t-1");
  }
}
