package io.amchain.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.amchain.ledger.block.Block;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.block.Receipt;
import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.genesis.ForkSchedule;
import io.amchain.ledger.state.TrieWorldState;
import io.amchain.ledger.state.WorldState;
import io.amchain.ledger.trie.InMemoryNodeStore;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.tx.TransactionType;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Blocks run under the fork the chain's schedule names for their number and timestamp: Cancun's
 * opcodes are invalid in a block before {@code cancunTime} and valid from that second on, both when
 * a block is assembled and when it is imported.
 */
class ForkScheduleExecutionTest {
  private static final long CHAIN_ID = 1337;
  private static final long CANCUN_TIME = 2_000;
  private static final ForkSchedule CANCUN_LATER =
      ForkSchedule.of(Map.of("cancunTime", CANCUN_TIME));

  /** BLOBBASEFEE POP PUSH0 TLOAD POP STOP: runs only under Cancun. */
  private static final Bytes CANCUN_CODE = Bytes.fromHex("0x4a505f5c5000");

  private static final Address CONTRACT =
      Address.fromHex("0x000000000000000000000000000000000000c0de");

  private final InMemoryNodeStore store = new InMemoryNodeStore();
  private final PrivateKey sender = PrivateKey.generate();
  private final Address author = PrivateKey.generate().publicKey().address();
  private final Hash parentRoot;

  ForkScheduleExecutionTest() {
    final WorldState genesis = TrieWorldState.empty(store);
    genesis.setBalance(sender.publicKey().address(), UInt256.of(1_000_000_000_000_000_000L));
    genesis.setCode(CONTRACT, CANCUN_CODE);
    parentRoot = genesis.commit();
  }

  private static BlockHeader.Builder header(final long timestamp) {
    return BlockHeader.builder()
        .parentHash(Hash.ZERO)
        .number(1)
        .timestamp(timestamp)
        .gasLimit(30_000_000)
        .baseFee(UInt256.of(1_000_000_000L));
  }

  private Transaction callContract() {
    return Transaction.builder(TransactionType.DYNAMIC_FEE)
        .chainId(CHAIN_ID)
        .nonce(0)
        .maxPriorityFeePerGas(UInt256.of(1_000_000_000L))
        .maxFeePerGas(UInt256.of(10_000_000_000L))
        .gasLimit(100_000)
        .to(CONTRACT)
        .sign(sender);
  }

  private BlockAssembler.Assembled assemble(final long timestamp, final ForkSchedule forks) {
    return BlockAssembler.assemble(
        TrieWorldState.at(store, parentRoot),
        header(timestamp),
        List.of(callContract()),
        author,
        CHAIN_ID,
        forks,
        n -> Hash.ZERO);
  }

  private Receipt onlyReceipt(final BlockAssembler.Assembled assembled) {
    assertEquals(1, assembled.receipts().size());
    return assembled.receipts().get(0);
  }

  @Test
  void cancunOpcodesAreInvalidTheSecondBeforeCancunTimeAndValidFromIt() {
    final BlockAssembler.Assembled before = assemble(CANCUN_TIME - 1, CANCUN_LATER);
    final BlockAssembler.Assembled at = assemble(CANCUN_TIME, CANCUN_LATER);

    assertFalse(onlyReceipt(before).success(), "Shanghai has no BLOBBASEFEE");
    assertEquals(100_000, before.block().header().gasUsed(), "an invalid opcode burns all gas");
    assertTrue(onlyReceipt(at).success(), "Cancun runs BLOBBASEFEE and TLOAD");
    assertTrue(at.block().header().gasUsed() < 100_000);
  }

  @Test
  void aScheduleWithoutForkFieldsRunsCancunAtEveryTime() {
    assertTrue(onlyReceipt(assemble(1, ForkSchedule.CANCUN_FROM_GENESIS)).success());
  }

  @Test
  void importRunsTheBlockUnderTheSameScheduleAndRefusesItUnderAnother() {
    final Block shanghaiBlock = assemble(CANCUN_TIME - 1, CANCUN_LATER).block();

    final BlockProcessor.Outcome outcome =
        BlockProcessor.process(
            TrieWorldState.at(store, parentRoot),
            shanghaiBlock,
            author,
            CHAIN_ID,
            CANCUN_LATER,
            n -> Hash.ZERO);
    assertEquals(shanghaiBlock.header().stateRoot(), outcome.stateRoot());

    final BlockExecutionException underCancun =
        assertThrows(
            BlockExecutionException.class,
            () ->
                BlockProcessor.process(
                    TrieWorldState.at(store, parentRoot),
                    shanghaiBlock,
                    author,
                    CHAIN_ID,
                    ForkSchedule.CANCUN_FROM_GENESIS,
                    n -> Hash.ZERO));
    assertTrue(underCancun.getMessage().startsWith("invalid gas used"), underCancun.getMessage());
  }
}
