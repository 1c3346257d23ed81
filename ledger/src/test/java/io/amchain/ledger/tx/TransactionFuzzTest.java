package io.amchain.ledger.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Fork;
import io.amchain.ledger.types.Keccak;

/**
 * Fuzz target for the transaction decoder, what {@code eth_sendRawTransaction} and gossip feed with
 * a stranger's bytes (docs/fuzzing.md). Property: bytes either decode or are refused with a {@link
 * TransactionException}; a decoded transaction encodes back to its input, hashes to keccak256 of
 * it, survives the block-body form, and its sender recovery and stateless validation either answer
 * or refuse with a {@link TransactionException}. Seeds: {@code TransactionFuzzTestInputs/}, from
 * TransactionTests.
 */
class TransactionFuzzTest {
  @FuzzTest
  void decodeRefusesOrRoundTrips(final byte[] input) {
    final Bytes bytes = Bytes.wrap(input);
    final Transaction tx;
    try {
      tx = Transaction.decode(bytes);
    } catch (TransactionException refused) {
      return;
    }
    assertEquals(bytes, tx.encodeFields(), "the fields encode back to the input");
    assertEquals(Keccak.hash(bytes), tx.hash());
    assertEquals(tx, Transaction.fromBlockRlp(tx.toBlockRlp()), "the block-body form");
    try {
      tx.sender();
    } catch (TransactionException refused) {
      assertEquals(TransactionException.Reason.INVALID_SIGNATURE, refused.reason());
    }
    try {
      TransactionValidator.validate(tx, Fork.CANCUN, 1);
    } catch (TransactionException refused) {
      // any stated reason is an answer
    }
  }
}
