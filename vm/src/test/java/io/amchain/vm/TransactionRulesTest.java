package io.amchain.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.amchain.ledger.block.Block;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.genesis.ForkSchedule;
import io.amchain.ledger.state.TrieWorldState;
import io.amchain.ledger.state.WorldState;
import io.amchain.ledger.trie.InMemoryNodeStore;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.tx.TransactionException;
import io.amchain.ledger.tx.TransactionException.Reason;
import io.amchain.ledger.tx.TransactionType;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Who checks which transaction rule: the state transition refuses, with a reason, what the state
 * and the block forbid; a block from a peer also has the rules that need no state checked, by the
 * processor, since no pool of ours has seen its transactions.
 */
class TransactionRulesTest {
  private static final long CHAIN_ID = 1337;
  private static final UInt256 BASE_FEE = UInt256.of(1_000_000_000L);
  private static final Address TO = Address.fromHex("0x000000000000000000000000000000000000b0b0");
  private final InMemoryNodeStore store = new InMemoryNodeStore();
  private final PrivateKey alice = PrivateKey.generate();
  private final Address author = PrivateKey.generate().publicKey().address();
  private final Hash parentRoot;

  TransactionRulesTest() {
    final WorldState genesis = TrieWorldState.empty(store);
    genesis.setBalance(alice.publicKey().address(), UInt256.of(1_000_000_000_000_000L));
    genesis.setNonce(alice.publicKey().address(), 3);
    genesis.setCode(TO, Bytes.fromHex("0x00"));
    parentRoot = genesis.commit();
  }

  private static Transaction.Builder transfer(final long nonce) {
    return Transaction.builder(TransactionType.DYNAMIC_FEE)
        .chainId(CHAIN_ID)
        .nonce(nonce)
        .maxPriorityFeePerGas(UInt256.ONE)
        .maxFeePerGas(BASE_FEE)
        .gasLimit(21_000)
        .to(TO)
        .value(UInt256.ONE);
  }

  private static BlockHeader header() {
    return BlockHeader.builder()
        .number(1)
        .timestamp(1_000)
        .gasLimit(30_000_000)
        .baseFee(BASE_FEE)
        .build();
  }

  private Reason refusal(final Transaction tx) {
    final BlockHeader header = header();
    final BlockEnvironment block = BlockEnvironment.of(header, author, CHAIN_ID, n -> Hash.ZERO);
    final WorldState state = TrieWorldState.at(store, parentRoot);
    final TransactionException refused =
        assertThrows(
            TransactionException.class,
            () ->
                StateTransition.apply(
                    state, block, ForkSchedule.CANCUN_FROM_GENESIS.rulesOf(header), tx, null));
    assertEquals(parentRoot, state.rootHash(), "a refused transaction leaves the state untouched");
    return refused.reason();
  }

  @Test
  void theStateAndTheBlockRefuseWithTheirReasons() {
    assertEquals(Reason.NONCE_TOO_LOW, refusal(transfer(2).sign(alice)));
    assertEquals(Reason.NONCE_TOO_HIGH, refusal(transfer(4).sign(alice)));
    assertEquals(
        Reason.FEE_CAP_BELOW_BASE_FEE,
        refusal(transfer(3).maxFeePerGas(BASE_FEE.subtract(UInt256.ONE)).sign(alice)));
    assertEquals(
        Reason.BLOCK_GAS_LIMIT_REACHED, refusal(transfer(3).gasLimit(30_000_001).sign(alice)));
    assertEquals(
        Reason.INSUFFICIENT_FUNDS,
        refusal(transfer(3).value(UInt256.of(1_000_000_000_000_000L)).sign(alice)));
  }

  @Test
  void aPeersBlockHasTheStatelessRulesCheckedToo() {
    final Transaction otherChain = transfer(3).chainId(CHAIN_ID + 1).sign(alice);
    final Block block = new Block(header(), List.of(otherChain), List.of());
    final BlockExecutionException refused =
        assertThrows(
            BlockExecutionException.class,
            () ->
                BlockProcessor.process(
                    TrieWorldState.at(store, parentRoot),
                    block,
                    author,
                    CHAIN_ID,
                    ForkSchedule.CANCUN_FROM_GENESIS,
                    n -> Hash.ZERO));
    assertEquals(Reason.WRONG_CHAIN_ID, refused.transactionReason());
  }
}
