package io.amchain.bench;

import io.amchain.ledger.block.Block;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.crypto.Secp256k1;
import io.amchain.ledger.db.RocksDatabase;
import io.amchain.ledger.state.RocksDbNodeStore;
import io.amchain.ledger.state.TrieWorldState;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.tx.TransactionType;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.Keccak;
import io.amchain.ledger.types.UInt256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The ledger's hot paths: hashing, sender recovery, block decoding, trie roots and state commits.
 * Run: {@code java -jar bench/target/benchmarks.jar LedgerBenchmarks}.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class LedgerBenchmarks {
  private static final int BLOCK_TRANSFERS = 1_000;
  private static final int STATE_UPDATES = 10_000;

  private byte[] bytes32 = new byte[0];
  private byte[] bytes1k = new byte[0];
  private Bytes signedTransfer = Bytes.EMPTY;
  private Bytes encodedBlock = Bytes.EMPTY;
  private List<Transaction> transfers = List.of();
  private Path stateDir = Path.of(".");
  private RocksDatabase database;
  private RocksDbNodeStore store;
  private Address[] accounts = new Address[0];
  private long round;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    final Random random = new Random(42);
    bytes32 = new byte[32];
    bytes1k = new byte[1024];
    random.nextBytes(bytes32);
    random.nextBytes(bytes1k);
    final PrivateKey key = PrivateKey.generate();
    final List<Transaction> txs = new ArrayList<>(BLOCK_TRANSFERS);
    for (int i = 0; i < BLOCK_TRANSFERS; i++) {
      txs.add(
          Transaction.builder(TransactionType.DYNAMIC_FEE)
              .chainId(1337)
              .nonce(i)
              .maxFeePerGas(UInt256.of(2_000_000_000L))
              .maxPriorityFeePerGas(UInt256.of(1_000_000_000L))
              .gasLimit(21_000)
              .to(Address.of(Bytes.wrap(randomBytes(random, 20))))
              .value(UInt256.of(1_000_000_000_000L + i))
              .sign(key));
    }
    transfers = txs;
    signedTransfer = txs.get(0).encoded();
    final BlockHeader header =
        BlockHeader.builder()
            .number(1)
            .gasLimit(30_000_000)
            .transactionsRoot(Block.transactionsRoot(txs))
            .baseFee(UInt256.of(1_000_000_000L))
            .build();
    encodedBlock = new Block(header, txs, List.of()).encoded();
    accounts = new Address[STATE_UPDATES];
    for (int i = 0; i < STATE_UPDATES; i++) {
      accounts[i] = Address.of(Bytes.wrap(randomBytes(random, 20)));
    }
    stateDir = Files.createTempDirectory("amchain-bench-state");
    database = RocksDatabase.open(stateDir);
    store = new RocksDbNodeStore(database, database.defaultFamily());
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    database.close();
    try (Stream<Path> files = Files.walk(stateDir)) {
      for (final Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  private static byte[] randomBytes(final Random random, final int size) {
    final byte[] out = new byte[size];
    random.nextBytes(out);
    return out;
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Hash keccak32Bytes() {
    return Keccak.hash(bytes32);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Hash keccak1Kilobyte() {
    return Keccak.hash(bytes1k);
  }

  /**
   * Decode, signing hash and recovery with the implementation {@code Secp256k1.get()} picks ({@code
   * -jvmArgsAppend -Damchain.secp256k1=bc} for Bouncy Castle). It calls the curve itself: {@code
   * Transaction.sender()} would answer from the process-wide sender cache after the first call.
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public Address recoverSenderOfEip1559Transfer() {
    final Transaction tx = Transaction.decode(signedTransfer);
    return Secp256k1.get().recoverAddress(tx.signingHash(), tx.signature());
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public Block decodeBlockOf1000Transfers() {
    return Block.decode(encodedBlock);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public Hash transactionsRootOf1000() {
    return Block.transactionsRoot(transfers);
  }

  /** 10,000 balance updates, then one commit to RocksDB (each round builds on the last root). */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public Hash commit10000AccountUpdatesToRocksDb() {
    final TrieWorldState state =
        round == 0 ? TrieWorldState.empty(store) : TrieWorldState.at(store, lastRoot);
    final UInt256 amount = UInt256.of(++round);
    for (final Address account : accounts) {
      state.addBalance(account, amount);
    }
    lastRoot = state.commit();
    return lastRoot;
  }

  private Hash lastRoot = Hash.ZERO;
}
