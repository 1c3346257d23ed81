package io.amchain.ledger.trie;

import io.amchain.ledger.rlp.Rlp;
import io.amchain.ledger.rlp.RlpItem;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import java.util.List;

/** Roots of the per-block tries. */
public final class Tries {
  private Tries() {}

  /**
   * The root of a trie that maps rlp(index) to each item: a block's transactionsRoot (items are
   * network-encoded transactions) and receiptsRoot (items are encoded receipts).
   */
  public static Hash orderedRoot(final List<Bytes> items) {
    final MerklePatriciaTrie trie = MerklePatriciaTrie.plain(new InMemoryNodeStore());
    for (int i = 0; i < items.size(); i++) {
      trie.put(Rlp.encode(RlpItem.of(i)), items.get(i));
    }
    return trie.rootHash();
  }
}
