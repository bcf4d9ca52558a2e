package dev.porch.git;

import java.util.concurrent.CountDownLatch;

/** A fake program for timeout tests: blocks until killed. */
public final class Hang {
  private Hang() {}

  public static void main(String[] args) throws InterruptedException {
    new CountDownLatch(1).await();
  }

  /** The command line that runs it with this JVM and class path. */
  public static java.util.List<String> command() {
    return java.util.List.of(
        java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Hang.class.getName());
  }
}
