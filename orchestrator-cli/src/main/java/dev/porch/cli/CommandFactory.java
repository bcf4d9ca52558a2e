package dev.porch.cli;

import java.lang.reflect.Constructor;
import picocli.CommandLine;

/**
 * Creates command objects, handing each the root command (its context and global options) when it
 * has a constructor that takes one; falls back to picocli's default factory.
 */
final class CommandFactory implements CommandLine.IFactory {
  private final Porch root;
  private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

  CommandFactory(Porch root) {
    this.root = root;
  }

  @Override
  public <K> K create(Class<K> cls) throws Exception {
    if (cls == Porch.class) {
      return cls.cast(root);
    }
    for (Constructor<?> c : cls.getDeclaredConstructors()) {
      Class<?>[] params = c.getParameterTypes();
      if (params.length == 1 && params[0] == Porch.class) {
        c.setAccessible(true);
        return cls.cast(c.newInstance(root));
      }
    }
    return fallback.create(cls);
  }
}
