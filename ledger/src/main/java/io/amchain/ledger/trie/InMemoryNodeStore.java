package io.amchain.ledger.trie;

import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** A node store in a hash map: for tests, state tests and throw-away tries. */
public final class InMemoryNodeStore implements NodeStore {
  private final ConcurrentHashMap<Hash, Bytes> nodes = new ConcurrentHashMap<>();

  @Override
  public @Nullable Bytes get(final Hash hash) {
    return nodes.get(hash);
  }

  @Override
  public void put(final Hash hash, final Bytes node) {
    nodes.put(hash, node);
  }

  public int size() {
    return nodes.size();
  }
}
