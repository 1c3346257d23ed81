package io.amchain.ledger.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.rlp.RlpException;
import io.amchain.ledger.rlp.RlpItem;
import io.amchain.ledger.trie.MerklePatriciaTrie;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.tx.TransactionType;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockHeaderTest {

  /** Ethereum mainnet block 1, rebuilt from its published fields. */
  static BlockHeader mainnetBlock1() {
    return BlockHeader.builder()
        .parentHash(
            Hash.fromHex("0xd4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3"))
        .coinbase(Address.fromHex("0x05a56e2d52c817161883f50c441c3228cfe54d9f"))
        .stateRoot(
            Hash.fromHex("0xd67e4d450343046425ae4271474353857ab860dbc0a1dde64b41b5cd3a532bf3"))
        .transactionsRoot(MerklePatriciaTrie.EMPTY_ROOT)
        .receiptsRoot(MerklePatriciaTrie.EMPTY_ROOT)
        .difficulty(UInt256.of(17_171_480_576L))
        .number(1)
        .gasLimit(5000)
        .timestamp(1_438_269_988L)
        .extraData(Bytes.fromHex("0x476574682f76312e302e302f6c696e75782f676f312e342e32"))
        .mixHash(Hash.fromHex("0x969b900de27b6ac6a67742365dd65f55a0526c41fd18e1b16f1a1215c2e66f59"))
        .nonce(Bytes.fromHex("0x539bd4979fef1ec4"))
        .build();
  }

  @Test
  void hashesMainnetBlockOne() {
    final BlockHeader header = mainnetBlock1();
    assertEquals(
        Hash.fromHex("0x88e96d4537bea4d9c05d12549907b32561d3bf31f45aae734cdc119f13406cb6"),
        header.hash());
    assertEquals(header, BlockHeader.decode(header.encoded()));
    assertNull(header.baseFee());
  }

  @Test
  void londonHeaderCarriesBaseFee() {
    final BlockHeader london =
        mainnetBlock1().toBuilder().baseFee(UInt256.of(1_000_000_000L)).build();
    final BlockHeader decoded = BlockHeader.decode(london.encoded());
    assertEquals(UInt256.of(1_000_000_000L), decoded.baseFee());
    assertEquals(london.hash(), decoded.hash());
    assertTrue(!london.hash().equals(mainnetBlock1().hash()));
  }

  @Test
  void rejectsHeadersOfLaterForks() {
    final List<RlpItem> fields =
        new ArrayList<>(mainnetBlock1().toBuilder().baseFee(UInt256.ONE).build().toRlp().items());
    fields.add(RlpItem.of(Hash.ZERO)); // withdrawalsRoot
    final RlpException e =
        assertThrows(RlpException.class, () -> BlockHeader.fromRlp(RlpItem.list(fields)));
    assertTrue(e.getMessage().contains("withdrawalsRoot"), e.getMessage());
  }

  @Test
  void blockRoundTripsWithTypedAndLegacyTransactions() {
    final PrivateKey key = PrivateKey.generate();
    final Transaction legacy =
        Transaction.builder(TransactionType.LEGACY)
            .chainId(1337)
            .gasPrice(UInt256.of(1))
            .gasLimit(21_000)
            .to(Address.ZERO)
            .sign(key);
    final Transaction dynamic =
        Transaction.builder(TransactionType.DYNAMIC_FEE)
            .chainId(1337)
            .nonce(1)
            .maxFeePerGas(UInt256.of(2))
            .maxPriorityFeePerGas(UInt256.of(1))
            .gasLimit(21_000)
            .to(Address.ZERO)
            .value(UInt256.of(5))
            .sign(key);
    final List<Transaction> txs = List.of(legacy, dynamic);
    final BlockHeader header =
        mainnetBlock1().toBuilder().transactionsRoot(Block.transactionsRoot(txs)).build();
    final Block block = new Block(header, txs, List.of());
    final Block decoded = Block.decode(block.encoded());
    assertEquals(block, decoded);
    assertEquals(key.publicKey().address(), decoded.transactions().get(1).sender());
    assertEquals(header.transactionsRoot(), Block.transactionsRoot(decoded.transactions()));
    assertEquals(BlockHeader.EMPTY_OMMERS_HASH, Block.ommersHash(List.of()));
  }

  @Test
  void receiptsEncodeTypedAndFeedTheBloom() {
    final Address emitter = Address.fromHex("0x00000000000000000000000000000000000000aa");
    final Hash topic = Hash.fromHex("0x" + "11".repeat(32));
    final Log log = new Log(emitter, List.of(topic), Bytes.fromHex("0x01"));
    final Receipt receipt = Receipt.of(TransactionType.DYNAMIC_FEE, true, 50_000, List.of(log));
    assertEquals(2, receipt.encoded().unsigned(0));
    assertEquals(receipt, Receipt.decode(receipt.encoded()));
    assertTrue(receipt.bloom().mightContain(emitter));
    assertTrue(receipt.bloom().mightContain(topic));
    assertFalse(receipt.bloom().mightContain(Address.ZERO));
    final Receipt legacy = Receipt.of(TransactionType.LEGACY, false, 21_000, List.of());
    assertEquals(legacy, Receipt.decode(legacy.encoded()));
    assertEquals(MerklePatriciaTrie.EMPTY_ROOT, Block.receiptsRoot(List.of()));
  }

  @Test
  void bloomSetsThreeBitsPerValue() {
    final LogsBloom bloom = LogsBloom.of(List.of(new Log(Address.ZERO, List.of(), Bytes.EMPTY)));
    int bits = 0;
    for (int i = 0; i < LogsBloom.BYTES; i++) {
      bits += Integer.bitCount(bloom.toBytes().unsigned(i));
    }
    assertTrue(bits >= 1 && bits <= 3, "bits set: " + bits);
    assertEquals(bloom, LogsBloom.EMPTY.or(bloom));
  }
}
