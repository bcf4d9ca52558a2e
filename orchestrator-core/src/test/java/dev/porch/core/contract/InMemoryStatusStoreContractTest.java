package dev.porch.core.contract;

import dev.porch.core.port.StatusStore;
import dev.porch.core.testing.InMemoryStatusStore;
import java.nio.file.Path;

/** The engine's in-memory fake obeys the same StatusStore contract as the real file store. */
class InMemoryStatusStoreContractTest extends StatusStoreContract {
  @Override
  protected StatusStore newStore(Path repo) {
    return new InMemoryStatusStore();
  }
}
