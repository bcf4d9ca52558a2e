package dev.porch.git.internal.env;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.porch.files.StateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * How long the last plain copy of each shared folder took in this repository ({@code
 * .worktrees/.porch-share.json}, {@code {"node_modules": 19400}}), measured whenever porch copies
 * one, so that a clone or a symlink can say what it saved against a real figure from this machine.
 * A convenience: an unreadable file is empty, a failed write is ignored.
 */
final class ShareTimes {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path root;
  private final Path file;

  ShareTimes(Path root, Path file) {
    this.root = root;
    this.file = file;
  }

  /** The last plain copy of {@code folder}, in ms. */
  synchronized OptionalLong lastCopy(String folder) {
    Long ms = read().get(folder);
    return ms == null ? OptionalLong.empty() : OptionalLong.of(ms);
  }

  /** Remembers a plain copy of {@code folder} that took {@code ms}. */
  synchronized void copied(String folder, long ms) {
    Map<String, Long> m = read();
    m.put(folder, ms);
    try {
      ObjectNode doc = JSON.createObjectNode();
      m.forEach(doc::put);
      StateFiles.write(root, file, JSON.writeValueAsString(doc) + "\n");
    } catch (IOException e) {
      // only the next line's "saved" figure is lost
    }
  }

  private Map<String, Long> read() {
    Map<String, Long> m = new TreeMap<>();
    try {
      if (Files.isRegularFile(file)) {
        for (Map.Entry<String, JsonNode> e : JSON.readTree(file.toFile()).properties()) {
          if (e.getValue().canConvertToLong()) {
            m.put(e.getKey(), e.getValue().longValue());
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      return new TreeMap<>();
    }
    return m;
  }
}
