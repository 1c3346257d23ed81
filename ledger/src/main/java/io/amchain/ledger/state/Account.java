package io.amchain.ledger.state;

import io.amchain.ledger.rlp.Rlp;
import io.amchain.ledger.rlp.RlpItem;
import io.amchain.ledger.rlp.RlpList;
import io.amchain.ledger.trie.MerklePatriciaTrie;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.Keccak;
import io.amchain.ledger.types.UInt256;

/** An account as the state trie stores it: rlp([nonce, balance, storageRoot, codeHash]). */
public record Account(long nonce, UInt256 balance, Hash storageRoot, Hash codeHash) {
  public static final Account EMPTY =
      new Account(0, UInt256.ZERO, MerklePatriciaTrie.EMPTY_ROOT, Keccak.EMPTY);

  public Bytes encoded() {
    return Rlp.encode(
        RlpItem.list(
            RlpItem.of(Bytes.minimal(nonce)),
            RlpItem.of(balance),
            RlpItem.of(storageRoot),
            RlpItem.of(codeHash)));
  }

  public static Account decode(final Bytes encoded) {
    final RlpList list = Rlp.decode(encoded).asList().requireSize(4, "account");
    return new Account(
        list.string(0).asUInt64().toBigInteger().longValue(),
        list.string(1).asUInt256(),
        list.string(2).asHash(),
        list.string(3).asHash());
  }
}
