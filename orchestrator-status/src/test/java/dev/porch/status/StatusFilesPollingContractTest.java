package dev.porch.status;

import dev.porch.core.contract.StatusStoreContract;
import dev.porch.core.port.StatusStore;
import java.nio.file.Path;

/** The StatusStore contract, run against the file store with its watches forced to poll. */
class StatusFilesPollingContractTest extends StatusStoreContract {
  @Override
  protected StatusStore newStore(Path repo) {
    return StatusFiles.builder(repo).forcePolling(true).build();
  }
}
