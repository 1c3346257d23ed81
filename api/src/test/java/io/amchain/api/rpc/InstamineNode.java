package io.amchain.api.rpc;

import io.amchain.api.NodeBackend;
import io.amchain.api.TransactionRejectedException;
import io.amchain.consensus.chain.ChainImporter;
import io.amchain.consensus.clique.ChainRules;
import io.amchain.consensus.clique.Clique;
import io.amchain.consensus.clique.Proposals;
import io.amchain.consensus.clique.SealingFixture;
import io.amchain.consensus.clique.Snapshot;
import io.amchain.ledger.block.Block;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.block.Receipt;
import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.genesis.Genesis;
import io.amchain.ledger.pool.TxPool;
import io.amchain.ledger.state.RocksDbNodeStore;
import io.amchain.ledger.state.TrieWorldState;
import io.amchain.ledger.store.ChainStore;
import io.amchain.ledger.store.Storage;
import io.amchain.ledger.trie.NodeStore;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.tx.TransactionException;
import io.amchain.ledger.tx.TransactionValidator;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import io.amchain.vm.BlockAssembler;
import io.amchain.vm.BlockProcessor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A real node backend for tests, built from the real parts: a Clique genesis with three signers, a
 * RocksDB chain store and state, the Clique importer executing bodies with the EVM. {@link #submit}
 * "instamines": it builds, executes and seals a block holding the transaction at once, sealed by
 * the signer whose turn it is (the node holds all three keys). {@link #hold} parks a transaction in
 * the pool without sealing it, for the pool views.
 */
final class InstamineNode implements NodeBackend, AutoCloseable {
  static final long CHAIN_ID = 1337;
  static final PrivateKey[] SIGNER_KEYS = {
    PrivateKey.fromHex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"),
    PrivateKey.fromHex("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"),
    PrivateKey.fromHex("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a")
  };
  static final PrivateKey USER =
      PrivateKey.fromHex("0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6");
  static final UInt256 USER_FUNDS = UInt256.of(new java.math.BigInteger("100000000000000000000"));
  static final long GENESIS_TIME = 0x6553f100L;
  static final long GAS_LIMIT = 30_000_000L;

  private final Genesis genesis;
  private final Storage storage;
  private final ChainStore chain;
  private final RocksDbNodeStore state;
  private final ChainImporter importer;
  private final Proposals proposals = new Proposals();
  private final Map<Address, SortedMap<Long, Transaction>> held = new ConcurrentHashMap<>();
  private final List<Consumer<HeadChange>> headListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<Transaction>> poolListeners = new CopyOnWriteArrayList<>();

  InstamineNode(final Path directory) {
    this.genesis = Genesis.parse(genesisJson());
    this.storage = Storage.open(directory);
    this.chain = storage.chainStore();
    this.state = storage.stateStore();
    this.importer =
        new ChainImporter(chain, ChainRules.of(genesis), () -> Long.MAX_VALUE / 2, this::execute);
    importer.initialize(genesis.build(state));
  }

  static Address signer(final int index) {
    return SIGNER_KEYS[index].publicKey().address();
  }

  static Address user() {
    return USER.publicKey().address();
  }

  private static String genesisJson() {
    final List<Address> signers = List.of(signer(0), signer(1), signer(2));
    final StringBuilder alloc = new StringBuilder();
    for (final Address address : List.of(signer(0), signer(1), signer(2), user())) {
      alloc.append(alloc.length() == 0 ? "" : ",");
      alloc.append('"').append(address.toHex()).append("\":{\"balance\":\"");
      alloc.append(USER_FUNDS.toQuantity()).append("\"}");
    }
    return "{\"config\":{\"chainId\":"
        + CHAIN_ID
        + ",\"londonBlock\":0,\"clique\":{\"period\":1,\"epoch\":30000}},"
        + "\"timestamp\":\"0x"
        + Long.toHexString(GENESIS_TIME)
        + "\",\"gasLimit\":\"0x"
        + Long.toHexString(GAS_LIMIT)
        + "\",\"difficulty\":\"0x1\",\"extraData\":\""
        + SealingFixture.extraData(signers).toHex()
        + "\",\"alloc\":{"
        + alloc
        + "}}";
  }

  private List<Receipt> execute(final Block block, final BlockHeader parent, final Address author) {
    return BlockProcessor.process(
            TrieWorldState.at(state, parent.stateRoot()),
            block,
            author,
            CHAIN_ID,
            genesis.forks(),
            this::canonicalHash)
        .receipts();
  }

  private Hash canonicalHash(final long number) {
    final Hash hash = chain.canonicalHash(number);
    return hash == null ? Hash.ZERO : hash;
  }

  /**
   * Seals a block with these transactions on the head; a transaction that may not run is refused.
   */
  synchronized Block seal(final List<Transaction> transactions) {
    final BlockHeader parent =
        Objects.requireNonNull(chain.header(Objects.requireNonNull(chain.head())));
    final Snapshot snapshot = importer.snapshotAt(parent.hash());
    final long number = parent.number() + 1;
    final int signerIndex = inTurnSigner(snapshot, number);
    final Address author = signer(signerIndex);
    final var vote = proposals.nextVote(snapshot, RandomGenerator.getDefault());
    final BlockHeader.Builder header = SealingFixture.child(parent, Clique.DIFF_IN_TURN);
    vote.ifPresent(v -> SealingFixture.vote(header, v.address(), v.authorize()));
    final BlockAssembler assembler =
        BlockAssembler.start(
            TrieWorldState.at(state, parent.stateRoot()),
            header.build(),
            author,
            CHAIN_ID,
            genesis.forks(),
            this::canonicalHash);
    for (final Transaction tx : transactions) {
      try {
        // This node's door, as the pool's is a real node's: the rules that need no state first.
        TransactionValidator.validate(tx, genesis.forks().rulesOf(header.build()), CHAIN_ID);
        assembler.include(tx);
      } catch (TransactionException e) {
        throw new TransactionRejectedException(e.reason(), e.detail());
      }
    }
    final Block unsealed = assembler.finish(header).block();
    final Block block = SealingFixture.seal(unsealed, SIGNER_KEYS[signerIndex]);
    importer.importBlock(block);
    for (final Transaction tx : transactions) {
      final SortedMap<Long, Transaction> bySender = held.get(tx.sender());
      if (bySender != null) {
        bySender.remove(tx.nonce());
        if (bySender.isEmpty()) {
          held.remove(tx.sender());
        }
      }
    }
    headListeners.forEach(listener -> listener.accept(HeadChange.extending(block)));
    return block;
  }

  private static int inTurnSigner(final Snapshot snapshot, final long number) {
    for (int i = 0; i < SIGNER_KEYS.length; i++) {
      if (snapshot.inTurn(number, signer(i))) {
        return i;
      }
    }
    throw new IllegalStateException("no signer in turn for block " + number);
  }

  /** Empty blocks, as a chain with a period seals them. */
  void sealEmpty(final int count) {
    for (int i = 0; i < count; i++) {
      seal(List.of());
    }
  }

  /** Parks a transaction in the pool (pending) without sealing it. */
  void hold(final Transaction tx) {
    held.computeIfAbsent(tx.sender(), sender -> new TreeMap<>()).put(tx.nonce(), tx);
    poolListeners.forEach(listener -> listener.accept(tx));
  }

  /** How many head and pool listeners are registered (subscriptions end with their connection). */
  int listenerCount() {
    return headListeners.size() + poolListeners.size();
  }

  Block head() {
    return Objects.requireNonNull(chain.block(Objects.requireNonNull(chain.head())));
  }

  @Override
  public Genesis genesis() {
    return genesis;
  }

  @Override
  public ChainStore chainStore() {
    return chain;
  }

  @Override
  public NodeStore stateNodes() {
    return state;
  }

  @Override
  public Snapshot snapshotAt(final Hash blockHash) {
    return importer.snapshotAt(blockHash);
  }

  @Override
  public CompletionStage<Hash> submit(final Transaction transaction) {
    try {
      poolListeners.forEach(listener -> listener.accept(transaction));
      seal(List.of(transaction));
      return CompletableFuture.completedFuture(transaction.hash());
    } catch (TransactionRejectedException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public Map<Address, SortedMap<Long, Transaction>> pending() {
    final Map<Address, SortedMap<Long, Transaction>> copy = new TreeMap<>();
    held.forEach((sender, txs) -> copy.put(sender, new TreeMap<>(txs)));
    return copy;
  }

  @Override
  public Map<Address, SortedMap<Long, Transaction>> queued() {
    return Map.of();
  }

  @Override
  public UInt256 minTip() {
    return TxPool.Limits.DEFAULT.minGasPrice();
  }

  @Override
  public long nextNonce(final Address sender) {
    long next = TrieWorldState.readOnly(state, head().header().stateRoot()).getNonce(sender);
    final SortedMap<Long, Transaction> bySender = held.get(sender);
    while (bySender != null && bySender.containsKey(next)) {
      next++;
    }
    return next;
  }

  @Override
  public CompletionStage<Void> propose(final Address signer, final boolean authorize) {
    proposals.propose(signer, authorize);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Void> discard(final Address signer) {
    proposals.discard(signer);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public Map<Address, Boolean> proposals() {
    return proposals.all();
  }

  @Override
  public NodeInfo nodeInfo() {
    return new NodeInfo("node-0", "amchain-test", "pekko://amchain@127.0.0.1:25520");
  }

  @Override
  public List<PeerInfo> peers() {
    return List.of(
        new PeerInfo("node-1", "amchain-test", "pekko://amchain@127.0.0.1:25521", true),
        new PeerInfo("node-2", "amchain-test", "pekko://amchain@127.0.0.1:25522", false));
  }

  @Override
  public Optional<SyncStatus> syncing() {
    return Optional.empty();
  }

  @Override
  public AutoCloseable onNewHead(final Consumer<HeadChange> listener) {
    headListeners.add(listener);
    return () -> headListeners.remove(listener);
  }

  /**
   * Tells the head's listeners of a reorganisation, as the node's Chain actor does when a heavier
   * branch replaces blocks this node had made canonical (an instant-mining node never forks by
   * itself).
   */
  void announce(final HeadChange change) {
    headListeners.forEach(listener -> listener.accept(change));
  }

  @Override
  public AutoCloseable onPendingTransaction(final Consumer<Transaction> listener) {
    poolListeners.add(listener);
    return () -> poolListeners.remove(listener);
  }

  @Override
  public void close() {
    storage.close();
  }
}
