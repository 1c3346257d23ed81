package io.amchain.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Where a node's CPU went, from JFR recordings taken under load: every CPU sample is put in one
 * stage of a transaction's path by the frame nearest the top of its stack that belongs to a stage,
 * so a Keccak-256 inside the trie counts as trie hashing and one inside the EVM as execution.
 *
 * <p>Java code is sampled by {@code jdk.ExecutionSample} (every 10 ms with JFR's {@code profile}
 * settings). Threads inside JNI (native libsecp256k1, RocksDB) are not: those come from {@code
 * jdk.NativeMethodSample} (every 20 ms, so each counts twice), keeping only the native methods that
 * compute rather than wait (a thread parked in {@code epoll_wait} is also "in native").
 */
@Command(
    name = "JfrBreakdown",
    mixinStandardHelpOptions = true,
    description = "Per-stage CPU breakdown of JFR recordings of devnet nodes under load.")
public final class JfrBreakdown implements Callable<Integer> {

  @Parameters(arity = "1..*", description = "JFR recordings (one per node)")
  List<Path> recordings = new ArrayList<>();

  @Option(
      names = "--transactions",
      defaultValue = "0",
      description = "transactions included while recording: adds CPU µs per transaction")
  long transactions;

  @Option(names = "--top", defaultValue = "15", description = "hot methods to list")
  int top;

  /** Java-sample period over native-sample period of the {@code profile} settings: 10 vs 20 ms. */
  private static final int NATIVE_SAMPLE_WEIGHT = 2;

  private record Stage(String name, Predicate<String> frame) {}

  private static Predicate<String> startsWith(final String... prefixes) {
    return frame -> {
      for (final String prefix : prefixes) {
        if (frame.startsWith(prefix)) {
          return true;
        }
      }
      return false;
    };
  }

  /** In order of precedence among frames at the same depth; the frame nearest the top wins. */
  private static final List<Stage> STAGES =
      List.of(
          new Stage(
              "signature recovery (secp256k1)",
              startsWith(
                  "fr.acinq.",
                  "io.amchain.ledger.crypto.Secp256k1",
                  "io.amchain.ledger.crypto.NativeSecp256k1",
                  "io.amchain.ledger.crypto.BouncyCastleSecp256k1",
                  "org.bouncycastle.math.ec.")),
          new Stage(
              "RocksDB reads and commits",
              startsWith(
                  "org.rocksdb.",
                  "io.amchain.ledger.db.",
                  "io.amchain.ledger.state.RocksDbNodeStore",
                  "io.amchain.ledger.store.")),
          new Stage(
              "trie (hashing, node encoding, look-ups)", startsWith("io.amchain.ledger.trie.")),
          new Stage("EVM execution", startsWith("io.amchain.vm.", "io.amchain.ledger.state.")),
          new Stage(
              "journal write (Pekko Persistence, H2)",
              startsWith(
                  "org.h2.",
                  "org.apache.pekko.persistence.",
                  "io.amchain.actors.chain.ChainEventSerializer",
                  "com.zaxxer.")),
          new Stage(
              "gossip and cluster (Kryo, Artery)",
              startsWith(
                  "io.amchain.actors.wire.",
                  "io.amchain.actors.gossip.",
                  "com.esotericsoftware.",
                  "org.apache.pekko.remote.",
                  "org.apache.pekko.cluster.",
                  "org.apache.pekko.serialization.")),
          new Stage(
              "pool admission (Mempool, TxPool)",
              startsWith("io.amchain.actors.mempool.", "io.amchain.ledger.pool.")),
          new Stage(
              "block building and sealing (Signer, BlockBuilder, Clique)",
              startsWith(
                  "io.amchain.actors.builder.",
                  "io.amchain.actors.signer.",
                  "io.amchain.consensus.clique.")),
          new Stage(
              "block import (Chain actor, ChainImporter)",
              startsWith(
                  "io.amchain.actors.chain.", "io.amchain.consensus.", "io.amchain.actors.sync.")),
          new Stage(
              "JSON-RPC (HTTP, JSON, transaction decode)",
              startsWith("io.amchain.api.", "com.fasterxml.jackson.", "org.apache.pekko.http.")),
          new Stage(
              "RLP and types outside a stage above",
              startsWith("io.amchain.ledger.rlp.", "io.amchain.ledger.")),
          new Stage(
              "Pekko actors, streams, dispatch",
              startsWith("org.apache.pekko.", "scala.", "java.util.concurrent.")));

  private static final String OTHER = "other (JDK, logging, metrics, ...)";

  /** Native methods that burn CPU; the rest of the native samples are waits. */
  private static final Predicate<String> COMPUTING_NATIVE = startsWith("fr.acinq.", "org.rocksdb.");

  private final Map<String, Long> byStage = new LinkedHashMap<>();
  private final Map<String, Long> byLeaf = new HashMap<>();
  private final Map<String, Long> byThread = new HashMap<>();
  private long samples;
  private double cpuSeconds;

  public static void main(final String[] args) {
    System.exit(new CommandLine(new JfrBreakdown()).execute(args));
  }

  @Override
  public Integer call() {
    STAGES.forEach(stage -> byStage.put(stage.name(), 0L));
    byStage.put(OTHER, 0L);
    for (final Path recording : recordings) {
      read(recording);
    }
    print();
    return 0;
  }

  private void read(final Path recording) {
    Instant previousLoad = null;
    try (RecordingFile file = new RecordingFile(recording)) {
      while (file.hasMoreEvents()) {
        final RecordedEvent event = file.readEvent();
        switch (event.getEventType().getName()) {
          case "jdk.ExecutionSample" -> sample(event, 1);
          case "jdk.NativeMethodSample" -> {
            final String leaf = leaf(event.getStackTrace());
            if (leaf != null && COMPUTING_NATIVE.test(leaf)) {
              sample(event, NATIVE_SAMPLE_WEIGHT);
            }
          }
          case "jdk.CPULoad" -> {
            // jvmUser/jvmSystem are shares of the whole machine over the interval since the last.
            final Instant now = event.getStartTime();
            if (previousLoad != null) {
              final double seconds = (now.toEpochMilli() - previousLoad.toEpochMilli()) / 1000.0;
              cpuSeconds +=
                  seconds
                      * (event.getFloat("jvmUser") + event.getFloat("jvmSystem"))
                      * Runtime.getRuntime().availableProcessors();
            }
            previousLoad = now;
          }
          default -> {}
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(recording + ": " + e.getMessage(), e);
    }
  }

  private static String frameName(final RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  private static String leaf(final RecordedStackTrace stack) {
    if (stack == null || stack.getFrames().isEmpty()) {
      return null;
    }
    return frameName(stack.getFrames().get(0));
  }

  private void sample(final RecordedEvent event, final long weight) {
    final RecordedStackTrace stack = event.getStackTrace();
    if (stack == null || stack.getFrames().isEmpty()) {
      return;
    }
    samples += weight;
    byLeaf.merge(leaf(stack), weight, Long::sum);
    final String thread =
        event.getThread("sampledThread") == null
            ? "?"
            : event.getThread("sampledThread").getJavaName().replaceAll("-\\d+$", "-N");
    byThread.merge(thread, weight, Long::sum);
    byStage.merge(stageOf(stack), weight, Long::sum);
  }

  private static String stageOf(final RecordedStackTrace stack) {
    for (final RecordedFrame frame : stack.getFrames()) {
      final String name = frameName(frame);
      for (final Stage stage : STAGES) {
        if (stage.frame().test(name)) {
          return stage.name();
        }
      }
    }
    return OTHER;
  }

  private void print() {
    System.out.printf(
        Locale.ROOT,
        "[profile] %d recordings, %d CPU samples (10 ms each: %.1f s of Java threads' CPU),"
            + " the JVMs' whole CPU (jdk.CPULoad, GC and JIT threads included) %.1f s%s%n",
        recordings.size(),
        samples,
        samples / 100.0,
        cpuSeconds,
        transactions == 0
            ? ""
            : String.format(
                Locale.ROOT,
                "; %d transactions: %.0f µs of sampled CPU and %.0f µs of whole CPU each",
                transactions,
                1e6 * samples / 100.0 / transactions,
                1e6 * cpuSeconds / transactions));
    System.out.println("| Stage | Share of samples | CPU per transaction |\n|---|---|---|");
    byStage.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(
            entry ->
                System.out.printf(
                    Locale.ROOT,
                    "| %s | %.1f %% | %s |%n",
                    entry.getKey(),
                    100.0 * entry.getValue() / Math.max(1, samples),
                    transactions == 0
                        ? "-"
                        : String.format(
                            Locale.ROOT,
                            "%.1f µs",
                            1e6 * entry.getValue() / 100.0 / transactions)));
    System.out.println("\nHot methods (top frame):");
    printTop(byLeaf);
    System.out.println("\nThreads:");
    printTop(byThread);
  }

  private void printTop(final Map<String, Long> counts) {
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(top)
        .forEach(
            entry ->
                System.out.printf(
                    Locale.ROOT,
                    "  %5.1f %%  %s%n",
                    100.0 * entry.getValue() / Math.max(1, samples),
                    entry.getKey()));
  }
}
