package dev.porch.core.error;

import java.util.List;

/** git is missing, or older than porch needs. */
public final class GitVersionException extends WorkspaceException {
  private static final long serialVersionUID = 1L;
  private final String found;
  private final String required;

  public GitVersionException(String found, String required) {
    super(
        found == null
            ? "git was not found on PATH; porch needs git " + required + " or newer"
            : "git " + found + " is too old; porch needs git " + required + " or newer",
        List.of("install a newer git (https://git-scm.com/downloads) and make sure it is on PATH"));
    this.found = found;
    this.required = required;
  }

  /** The version found, or null when git is missing. */
  public String found() {
    return found;
  }

  public String required() {
    return required;
  }
}
