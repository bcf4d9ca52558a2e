package dev.porch.cli.planted.command;

import java.util.concurrent.Callable;

/** A planted command the CLI rules accept: it only computes and returns. */
public final class CleanCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    return 0;
  }
}
