package io.amchain.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.amchain.consensus.clique.Clique;
import io.amchain.consensus.clique.SealingFixture;
import io.amchain.ledger.block.Block;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.genesis.Genesis;
import io.amchain.ledger.state.TrieWorldState;
import io.amchain.ledger.trie.InMemoryNodeStore;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.tx.TransactionType;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import io.amchain.vm.BlockAssembler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Import executes bodies: a block with value transfers imports and moves the balances; the same
 * block claiming another state root, or another gas used, is rejected at that block.
 */
class ExecutingImportTest {
  private static final PrivateKey SIGNER =
      PrivateKey.fromHex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
  private static final PrivateKey USER =
      PrivateKey.fromHex("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
  private static final Address RECIPIENT =
      Address.fromHex("0x00000000000000000000000000000000000000aa");
  private static final long CHAIN_ID = 1337;

  private static String genesisJson() {
    return "{\"config\":{\"chainId\":"
        + CHAIN_ID
        + ",\"londonBlock\":0,"
        + "\"clique\":{\"period\":1,\"epoch\":30000}},"
        + "\"timestamp\":\"0x6553f100\",\"gasLimit\":\"0x1c9c380\",\"difficulty\":\"0x1\","
        + "\"extraData\":\""
        + SealingFixture.extraData(List.of(SIGNER.publicKey().address())).toHex()
        + "\","
        + "\"alloc\":{\""
        + USER.publicKey().address().toHex()
        + "\":{\"balance\":\"0xde0b6b3a7640000\"}}}";
  }

  /** Block 1 with two transfers, its execution fields computed by running it, then sealed. */
  private static Block blockOne(
      final Genesis genesis, final UnaryOperator<BlockHeader.Builder> tamper) {
    final InMemoryNodeStore store = new InMemoryNodeStore();
    final Block genesisBlock = genesis.build(store);
    final BlockHeader parent = genesisBlock.header();
    final List<Transaction> txs = new ArrayList<>();
    for (int nonce = 0; nonce < 2; nonce++) {
      txs.add(
          Transaction.builder(TransactionType.DYNAMIC_FEE)
              .chainId(CHAIN_ID)
              .nonce(nonce)
              .maxFeePerGas(UInt256.of(3_000_000_000L))
              .maxPriorityFeePerGas(UInt256.of(1_000_000_000L))
              .gasLimit(21_000)
              .to(RECIPIENT)
              .value(UInt256.of(1_000 + nonce))
              .sign(USER));
    }
    final BlockHeader.Builder header = SealingFixture.child(parent, Clique.DIFF_IN_TURN);
    final Block unsealed =
        BlockAssembler.assemble(
                TrieWorldState.at(store, parent.stateRoot()),
                header,
                txs,
                SIGNER.publicKey().address(),
                CHAIN_ID,
                genesis.forks(),
                n -> Hash.ZERO)
            .block();
    return new Block(
        Clique.seal(tamper.apply(unsealed.header().toBuilder()).build(), SIGNER), txs, List.of());
  }

  private static int importBlock(final Path dir, final Block block) throws IOException {
    Files.writeString(dir.resolve("genesis.json"), genesisJson());
    Files.write(dir.resolve("chain.rlp"), block.encoded().toArray());
    return AmchainCli.run(
        "import",
        "--genesis",
        dir.resolve("genesis.json").toString(),
        "--datadir",
        dir.resolve("data").toString(),
        dir.resolve("chain.rlp").toString());
  }

  @Test
  void importsABlockWithTransfersAndMovesTheBalances(@TempDir final Path dir) throws IOException {
    final Block block = blockOne(Genesis.parse(genesisJson()), b -> b);
    assertEquals(0, importBlock(dir, block));
    try (DataDir data = DataDir.open(dir.resolve("data"))) {
      assertEquals(block.hash(), data.chainStore.head());
      final TrieWorldState state = TrieWorldState.readOnly(data.state, block.header().stateRoot());
      assertEquals(UInt256.of(2_001), state.getBalance(RECIPIENT));
      assertEquals(2, state.getNonce(USER.publicKey().address()));
    }
  }

  @Test
  void aWrongStateRootIsRejected(@TempDir final Path dir) throws IOException {
    final Block block =
        blockOne(
            Genesis.parse(genesisJson()), b -> b.stateRoot(Hash.fromHex("0x" + "11".repeat(32))));
    assertEquals(1, importBlock(dir, block));
    try (DataDir data = DataDir.open(dir.resolve("data"))) {
      assertNull(data.chainStore.canonicalHash(1));
      assertEquals(
          0,
          Objects.requireNonNull(
                  data.chainStore.header(Objects.requireNonNull(data.chainStore.head())))
              .number());
    }
  }

  @Test
  void aWrongGasUsedIsRejected(@TempDir final Path dir) throws IOException {
    final Block block = blockOne(Genesis.parse(genesisJson()), b -> b.gasUsed(21_000));
    assertEquals(1, importBlock(dir, block));
  }
}
