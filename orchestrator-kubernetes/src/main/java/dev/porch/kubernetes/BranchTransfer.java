package dev.porch.kubernetes;

import dev.porch.core.port.Workspace;

/**
 * porch's side of the workspace transfer through a git remote: push the task's branch before its
 * Job starts, fetch what the pod pushed after it ended. The CLI wires {@code dev.porch.git.GitRemotes}.
 *
 * <p>Called on launcher worker threads, never two calls for one task at once; blocks on git. An
 * exception fails that attempt (before the Job: {@code FAILED_TO_START}; after: the outcome says
 * the work could not be fetched).
 */
public interface BranchTransfer {
  /** The URL the pod clones from and pushes to. Must not carry a password or token. */
  String remoteUrl();

  /**
   * Pushes the workspace's branch as it is.
   *
   * @param workspace the task's workspace
   * @return the commit pushed, the one the agent starts from
   */
  String push(Workspace workspace);

  /**
   * Fetches the branch the pod pushed and brings the local workspace to {@code commit}.
   *
   * @param workspace the task's workspace
   * @param commit the commit the pod reported
   */
  void fetch(Workspace workspace, String commit);
}
