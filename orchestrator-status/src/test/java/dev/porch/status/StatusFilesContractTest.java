package dev.porch.status;

import dev.porch.core.contract.StatusStoreContract;
import dev.porch.core.port.StatusStore;
import java.nio.file.Path;

/** The StatusStore contract, run against the file store with native file events. */
class StatusFilesContractTest extends StatusStoreContract {
  @Override
  protected StatusStore newStore(Path repo) {
    return StatusFiles.open(repo);
  }
}
