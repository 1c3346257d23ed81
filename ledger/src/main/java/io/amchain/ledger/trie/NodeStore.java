package io.amchain.ledger.trie;

import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import org.jspecify.annotations.Nullable;

/**
 * Where trie nodes live, addressed by the Keccak hash of their RLP. Nodes are immutable and
 * content-addressed, so a store never overwrites a value with a different one and old roots stay
 * readable for as long as their nodes are kept.
 */
public interface NodeStore {

  /** The RLP of the node with this hash, or null if the store does not hold it. */
  @Nullable Bytes get(Hash hash);

  void put(Hash hash, Bytes node);
}
