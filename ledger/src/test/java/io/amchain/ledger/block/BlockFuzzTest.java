package io.amchain.ledger.block;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.amchain.ledger.rlp.Rlp;
import io.amchain.ledger.rlp.RlpException;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.tx.TransactionException;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Keccak;

/**
 * Fuzz target for block and header decoding, what a peer's gossip, a sync reply and a chain file
 * feed (docs/fuzzing.md). Property: bytes either decode or are refused with an {@link RlpException}
 * (the block's shape) or a {@link TransactionException} (one of its transactions); a decoded block
 * encodes back to its input, its hash is keccak256 of its header's RLP, and its header decodes
 * alone from the first list element. Seeds: {@code BlockFuzzTestInputs/}, blocks built around
 * TransactionTests transactions and the Goerli and Rinkeby genesis headers.
 */
class BlockFuzzTest {
  @FuzzTest
  void decodeRefusesOrRoundTrips(final byte[] input) {
    final Bytes bytes = Bytes.wrap(input);
    final Block block;
    try {
      block = Block.decode(bytes);
    } catch (RlpException | TransactionException refused) {
      return;
    }
    assertEquals(bytes, block.encoded(), "a decoded block encodes back to its input");
    final Bytes header = Rlp.firstListElement(input);
    assertEquals(Keccak.hash(header), block.hash());
    assertEquals(block.header(), BlockHeader.decode(header));
    for (final Transaction tx : block.transactions()) {
      assertEquals(tx, Transaction.decode(tx.encoded()));
    }
    assertEquals(block.transactions().size(), Block.decode(block.encoded()).transactions().size());
  }
}
