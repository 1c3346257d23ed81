package io.amchain.actors;

import io.amchain.consensus.clique.SealingFixture;
import io.amchain.ledger.block.Block;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.block.Receipt;
import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.genesis.Genesis;
import io.amchain.ledger.state.RocksDbNodeStore;
import io.amchain.ledger.store.ChainStore;
import io.amchain.ledger.store.Storage;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.tx.TransactionType;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.UInt256;
import io.amchain.vm.BlockAssembler;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * A small Clique chain for actor tests: three signer keys, a genesis that funds them, real stores
 * in a temporary directory, and helpers that build, execute and seal blocks and sign transfers.
 */
final class TestChain implements AutoCloseable {
  final List<PrivateKey> keys;
  final Genesis genesis;
  final Storage storage;
  final ChainStore chain;
  final RocksDbNodeStore state;
  final NodeResources resources;

  /** A chain whose genesis is 100 s old: a few blocks one second apart are all in the past. */
  TestChain(final Path home) {
    this(home, System.currentTimeMillis() / 1000 - 100);
  }

  TestChain(final Path home, final long genesisTime) {
    this(home, newKeys(), genesisTime);
  }

  private TestChain(final Path home, final List<PrivateKey> keys, final long genesisTime) {
    this(home, keys, genesisOf(keys, genesisTime));
  }

  private TestChain(final Path home, final List<PrivateKey> keys, final Genesis genesis) {
    this.keys = keys;
    this.genesis = genesis;
    this.storage = Storage.open(home.resolve("state"));
    this.chain = storage.chainStore();
    this.state = storage.stateStore();
    this.resources = new NodeResources(genesis, storage);
    resources.importer(() -> 0).initialize(genesis.build(state));
  }

  private static List<PrivateKey> newKeys() {
    return List.of(PrivateKey.generate(), PrivateKey.generate(), PrivateKey.generate()).stream()
        .sorted(Comparator.comparing(k -> k.publicKey().address()))
        .toList();
  }

  private static Genesis genesisOf(final List<PrivateKey> keys, final long time) {
    final List<Address> signers = keys.stream().map(k -> k.publicKey().address()).toList();
    return TestNode.genesis(signers, signers, 1, time);
  }

  /** A chain of these signer keys and genesis over the stores in {@code home}. */
  static TestChain over(final Path home, final List<PrivateKey> keys, final Genesis genesis) {
    return new TestChain(
        home,
        keys.stream().sorted(Comparator.comparing(k -> k.publicKey().address())).toList(),
        genesis);
  }

  /** The same keys and genesis over new, empty stores (a node whose state was deleted). */
  TestChain withFreshStores(final Path home) {
    return new TestChain(home, keys, genesis);
  }

  /** The in-turn signer's key for a block number. */
  PrivateKey inTurn(final long number) {
    return keys.get((int) (number % keys.size()));
  }

  /** A block on {@code parent}, sealed in turn, one second later, with these transactions. */
  Block next(final BlockHeader parent, final List<Transaction> transactions) {
    return next(parent, transactions, inTurn(parent.number() + 1));
  }

  Block next(
      final BlockHeader parent, final List<Transaction> transactions, final PrivateKey signer) {
    return built(parent, transactions, signer).block();
  }

  /** A sealed block as the node's builder and signer hand it to the chain: with its receipts. */
  record Built(Block block, List<Receipt> receipts) {}

  Built built(
      final BlockHeader parent, final List<Transaction> transactions, final PrivateKey signer) {
    final boolean inTurn = signer.equals(inTurn(parent.number() + 1));
    return built(
        resources,
        parent,
        SealingFixture.child(parent, SealingFixture.difficulty(inTurn)),
        transactions,
        signer);
  }

  /**
   * The block of {@code header} (a child of {@code parent}) filled with {@code transactions} by the
   * node's assembler on {@code resources}' state, and sealed by {@code signer}.
   */
  static Built built(
      final NodeResources resources,
      final BlockHeader parent,
      final BlockHeader.Builder header,
      final List<Transaction> transactions,
      final PrivateKey signer) {
    final BlockAssembler.Assembled assembled =
        BlockAssembler.assemble(
            resources.stateAt(parent),
            header,
            transactions,
            signer.publicKey().address(),
            resources.genesis().chainId(),
            resources.genesis().forks(),
            resources::canonicalHash);
    return new Built(SealingFixture.seal(assembled.block(), signer), assembled.receipts());
  }

  /** A signed EIP-1559 transfer of {@code wei} from {@code from}. */
  Transaction transfer(final PrivateKey from, final long nonce, final Address to, final long wei) {
    return Transaction.builder(TransactionType.DYNAMIC_FEE)
        .chainId(genesis.chainId())
        .nonce(nonce)
        .maxPriorityFeePerGas(UInt256.of(1_000_000_000L))
        .maxFeePerGas(UInt256.of(10_000_000_000L))
        .gasLimit(21_000)
        .to(to)
        .value(UInt256.of(wei))
        .sign(from);
  }

  @Override
  public void close() {
    storage.close();
  }
}
