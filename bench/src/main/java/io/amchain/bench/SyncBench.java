package io.amchain.bench;

import io.amchain.consensus.chain.ChainImporter;
import io.amchain.consensus.clique.Clique;
import io.amchain.ledger.block.Block;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.block.FeeMarket;
import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.genesis.Genesis;
import io.amchain.ledger.state.RocksDbNodeStore;
import io.amchain.ledger.state.TrieWorldState;
import io.amchain.ledger.store.ChainStore;
import io.amchain.ledger.store.Storage;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.tx.TransactionType;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.Keccak;
import io.amchain.ledger.types.UInt256;
import io.amchain.vm.BlockAssembler;
import io.amchain.vm.BlockProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How fast a fresh node imports a chain during sync: a Clique chain of three signers is sealed
 * beforehand (empty blocks, then blocks of value transfers), and a fresh pair of RocksDB stores
 * imports it through {@link ChainImporter}, the path every synced block takes (decode, Clique
 * header rules, body checks, sender recovery, execution, roots, store). The Chain actor's journal
 * write comes on top of it in a node.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.amchain.bench.SyncBench}.
 */
@Command(
    name = "sync-import",
    mixinStandardHelpOptions = true,
    description = "Blocks per second a fresh node imports: empty blocks and blocks of transfers.")
public final class SyncBench implements Callable<Integer> {
  private static final long CHAIN_ID = 1337;
  private static final long PERIOD = 1;
  private static final int SENDERS = 200;
  private static final UInt256 GWEI = UInt256.of(1_000_000_000L);
  private static final Address SINK = Address.fromHex("0x000000000000000000000000000000000000b0b0");

  @Option(names = "--empty-blocks", defaultValue = "2000", description = "empty blocks to import")
  int emptyBlocks;

  @Option(names = "--full-blocks", defaultValue = "30", description = "blocks of transfers")
  int fullBlocks;

  @Option(names = "--transfers", defaultValue = "1000", description = "transfers per full block")
  int transfers;

  @Option(names = "--dir", description = "working directory (default: a temporary one, deleted)")
  Path dir;

  private final List<PrivateKey> signers =
      IntStream.range(0, 3)
          .mapToObj(i -> key("amchain bench signer " + i))
          .sorted(Comparator.comparing(k -> k.publicKey().address()))
          .toList();
  private final List<PrivateKey> senders =
      IntStream.range(0, SENDERS).mapToObj(i -> key("amchain bench sender " + i)).toList();

  public static void main(final String[] args) {
    System.exit(new CommandLine(new SyncBench()).execute(args));
  }

  @Override
  public Integer call() throws IOException {
    final boolean temporary = dir == null;
    final Path work = temporary ? Files.createTempDirectory("amchain-sync-bench") : dir;
    System.out.println("[sync] machine: " + Machine.describe());
    try {
      measure(work.resolve("empty"), emptyBlocks, 0);
      measure(work.resolve("full"), fullBlocks, transfers);
    } finally {
      if (temporary) {
        deleteRecursively(work);
      }
    }
    System.out.println("[sync] machine after: " + Machine.describe());
    return 0;
  }

  private void measure(final Path home, final int blocks, final int perBlock) {
    final long start = System.currentTimeMillis() / 1000 - PERIOD * (blocks + 10L);
    final Genesis genesis = genesis(start);
    final long sealing = System.nanoTime();
    final List<Bytes> chain = seal(home.resolve("source"), genesis, blocks, perBlock);
    System.out.printf(
        "[sync] sealed %d blocks of %d transfers in %.1f s (signing and assembling)%n",
        blocks, perBlock, LoadTool.seconds(sealing));
    try (Storage storage = Storage.open(home.resolve("fresh"))) {
      final RocksDbNodeStore state = storage.stateStore();
      final ChainImporter importer = importer(genesis, storage.chainStore(), state);
      importer.initialize(genesis.build(state));
      final long importing = System.nanoTime();
      for (final Bytes rlp : chain) {
        importer.importBlock(Block.decode(rlp));
      }
      final double seconds = LoadTool.seconds(importing);
      System.out.printf(
          "[sync] imported %d blocks of %d transfers in %.2f s: %.1f blocks/s, %.0f transfers/s,"
              + " %.2f ms a block%n",
          blocks,
          perBlock,
          seconds,
          blocks / seconds,
          (double) blocks * perBlock / seconds,
          1000 * seconds / blocks);
    }
  }

  /**
   * Seals a chain in turn, one period apart, and returns its blocks as network RLP (also the
   * journal benchmark's blocks).
   */
  List<Bytes> seal(final Path home, final Genesis genesis, final int blocks, final int perBlock) {
    final List<Bytes> chain = new ArrayList<>(blocks);
    try (Storage storage = Storage.open(home)) {
      final ChainStore store = storage.chainStore();
      final RocksDbNodeStore state = storage.stateStore();
      final ChainImporter importer = importer(genesis, store, state);
      importer.initialize(genesis.build(state));
      BlockHeader parent = genesis.build(state).header();
      for (int n = 1; n <= blocks; n++) {
        final PrivateKey signer = signers.get(n % signers.size());
        final BlockHeader.Builder header =
            BlockHeader.builder()
                .parentHash(parent.hash())
                .number(n)
                .timestamp(parent.timestamp() + PERIOD)
                .gasLimit(parent.gasLimit())
                .baseFee(FeeMarket.nextBaseFee(parent))
                .difficulty(Clique.DIFF_IN_TURN)
                .extraData(Clique.extraData(Bytes.wrap(new byte[Clique.EXTRA_VANITY]), List.of()));
        final long round = n - 1L;
        final List<Transaction> txs =
            IntStream.range(0, perBlock)
                .parallel()
                .mapToObj(i -> transfer(i, round, perBlock))
                .toList();
        final BlockAssembler.Assembled assembled =
            BlockAssembler.assemble(
                TrieWorldState.at(state, parent.stateRoot()),
                header,
                txs,
                signer.publicKey().address(),
                CHAIN_ID,
                genesis.forks(),
                number -> hashAt(store, number));
        if (!assembled.skipped().isEmpty()) {
          throw new IllegalStateException(
              assembled.skipped().size() + " transfers did not fit in block " + n);
        }
        final Block unsealed = assembled.block();
        final Block block =
            new Block(Clique.seal(unsealed.header(), signer), unsealed.transactions(), List.of());
        importer.importBlock(block);
        chain.add(block.encoded());
        parent = block.header();
      }
    }
    return chain;
  }

  /** Transfer i of a block: each sender sends perBlock / SENDERS a block, nonces in sequence. */
  private Transaction transfer(final int i, final long round, final int perBlock) {
    final int perSender = (perBlock + SENDERS - 1) / SENDERS;
    final PrivateKey sender = senders.get(i % SENDERS);
    return Transaction.builder(TransactionType.DYNAMIC_FEE)
        .chainId(CHAIN_ID)
        .nonce(round * perSender + i / SENDERS)
        .maxPriorityFeePerGas(GWEI)
        .maxFeePerGas(GWEI.multiply(UInt256.of(100)))
        .gasLimit(21_000)
        .to(SINK)
        .value(UInt256.ONE)
        .sign(sender);
  }

  private static ChainImporter importer(
      final Genesis genesis, final ChainStore store, final RocksDbNodeStore state) {
    return new ChainImporter(
        store,
        io.amchain.consensus.clique.ChainRules.of(genesis),
        () -> System.currentTimeMillis() / 1000,
        (block, parent, author) ->
            BlockProcessor.process(
                    TrieWorldState.at(state, parent.stateRoot()),
                    block,
                    author,
                    CHAIN_ID,
                    genesis.forks(),
                    number -> hashAt(store, number))
                .receipts());
  }

  private static Hash hashAt(final ChainStore store, final long number) {
    final Hash hash = store.canonicalHash(number);
    return hash == null ? Hash.ZERO : hash;
  }

  Genesis genesis(final long timestamp) {
    final List<String> alloc = new ArrayList<>();
    senders.forEach(
        k ->
            alloc.add(
                "\""
                    + k.publicKey().address().toHex()
                    + "\":{\"balance\":\"0x21e19e0c9bab2400000\"}"));
    return Genesis.parse(
        "{\"config\":{\"chainId\":"
            + CHAIN_ID
            + ",\"homesteadBlock\":0,\"eip150Block\":0,\"eip155Block\":0,"
            + "\"eip158Block\":0,\"byzantiumBlock\":0,\"constantinopleBlock\":0,"
            + "\"petersburgBlock\":0,\"istanbulBlock\":0,\"berlinBlock\":0,\"londonBlock\":0,"
            + "\"clique\":{\"period\":"
            + PERIOD
            + ",\"epoch\":30000}},\"timestamp\":\"0x"
            + Long.toHexString(timestamp)
            + "\",\"extraData\":\""
            + Clique.extraData(
                    Bytes.wrap(new byte[Clique.EXTRA_VANITY]),
                    signers.stream().map(k -> k.publicKey().address()).toList())
                .toHex()
            + "\",\"gasLimit\":\"0x1c9c380\",\"difficulty\":\"0x1\",\"baseFeePerGas\":\"0x3b9aca00\","
            + "\"alloc\":{"
            + String.join(",", alloc)
            + "}}");
  }

  private static PrivateKey key(final String seed) {
    return PrivateKey.fromBytes(Keccak.hash(seed.getBytes(StandardCharsets.UTF_8)).bytes());
  }

  private static void deleteRecursively(final Path path) {
    try (Stream<Path> files = Files.walk(path)) {
      for (final Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
