package dev.threadline.store.contract;

import dev.threadline.InMemoryThreadStore;
import dev.threadline.ThreadStore;

/** The reference store passes its own contract; a new store's failures are then the new store's. */
class InMemoryThreadStoreContractTest extends ThreadStoreContract {
  @Override protected ThreadStore openStore(String account) {
    return new InMemoryThreadStore();
  }

  @Override protected ThreadStore openStore(String account, long sizeLimitBytes) {
    return new InMemoryThreadStore(sizeLimitBytes);
  }

  @Override protected boolean persistent() {
    return false;
  }
}
