package io.amchain.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.genesis.ForkSchedule;
import io.amchain.ledger.state.TrieWorldState;
import io.amchain.ledger.state.WorldState;
import io.amchain.ledger.trie.InMemoryNodeStore;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.tx.TransactionType;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A block filled over several calls is the block filled at once. */
class BlockAssemblerTest {
  private static final long CHAIN_ID = 1337;
  private final InMemoryNodeStore store = new InMemoryNodeStore();
  private final PrivateKey alice = PrivateKey.generate();
  private final PrivateKey bob = PrivateKey.generate();
  private final Address author = PrivateKey.generate().publicKey().address();
  private final Hash parentRoot;

  BlockAssemblerTest() {
    final WorldState genesis = TrieWorldState.empty(store);
    genesis.setBalance(alice.publicKey().address(), UInt256.of(1_000_000_000_000_000_000L));
    genesis.setBalance(bob.publicKey().address(), UInt256.of(1_000_000_000_000_000_000L));
    parentRoot = genesis.commit();
  }

  private static BlockHeader.Builder header() {
    return BlockHeader.builder()
        .parentHash(Hash.ZERO)
        .number(1)
        .timestamp(1_000)
        .gasLimit(30_000_000)
        .baseFee(UInt256.of(1_000_000_000L));
  }

  private static Transaction transfer(final PrivateKey from, final long nonce) {
    return Transaction.builder(TransactionType.DYNAMIC_FEE)
        .chainId(CHAIN_ID)
        .nonce(nonce)
        .maxPriorityFeePerGas(UInt256.of(1_000_000_000L))
        .maxFeePerGas(UInt256.of(10_000_000_000L))
        .gasLimit(21_000)
        .to(Address.fromHex("0x000000000000000000000000000000000000b0b0"))
        .value(UInt256.of(1_000 + nonce))
        .sign(from);
  }

  private BlockAssembler start() {
    return BlockAssembler.start(
        TrieWorldState.at(store, parentRoot),
        header().build(),
        author,
        CHAIN_ID,
        ForkSchedule.CANCUN_FROM_GENESIS,
        n -> Hash.ZERO);
  }

  @Test
  void fillingInStepsGivesTheBlockFillingAtOnceGives() {
    final List<Transaction> all =
        List.of(transfer(alice, 0), transfer(bob, 0), transfer(alice, 1), transfer(bob, 1));
    final BlockAssembler.Assembled atOnce =
        BlockAssembler.assemble(
            TrieWorldState.at(store, parentRoot),
            header(),
            all,
            author,
            CHAIN_ID,
            ForkSchedule.CANCUN_FROM_GENESIS,
            n -> Hash.ZERO);

    final BlockAssembler inSteps = start();
    // Alice's second transfer comes before her first: it waits for the nonce gap to close.
    inSteps.add(List.of(transfer(alice, 1), transfer(bob, 0)));
    assertEquals(1, inSteps.size());
    // The pool hands over what it holds each time; what the block holds is not run again.
    inSteps.add(List.of(transfer(alice, 0), transfer(bob, 0)));
    inSteps.add(all);
    final BlockAssembler.Assembled stepped = inSteps.finish(header());

    assertEquals(4, stepped.block().transactions().size());
    assertEquals(atOnce.block().header().stateRoot(), stepped.block().header().stateRoot());
    assertEquals(atOnce.block().header().gasUsed(), stepped.block().header().gasUsed());
    assertEquals(List.of(), stepped.skipped());
  }

  @Test
  void theHeaderToFinishMustBeTheOneTheTransactionsRanUnder() {
    final BlockAssembler assembler = start();
    assembler.add(List.of(transfer(alice, 0)));
    assertThrows(IllegalArgumentException.class, () -> assembler.finish(header().timestamp(1_001)));
    final BlockAssembler.Assembled done = assembler.finish(header().coinbase(author));
    assertEquals(author, done.block().header().coinbase());
    assertThrows(IllegalStateException.class, () -> assembler.add(List.of(transfer(bob, 0))));
  }
}
