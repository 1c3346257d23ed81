package io.amchain.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.amchain.actors.chain.Chain;
import io.amchain.ledger.types.Bytes;
import io.amchain.node.JournalConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.Recovery;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The journal's own speed, on the node's real configurations ({@code JournalConfig}: H2 in a data
 * directory, or Cassandra): a chain of real Clique blocks is sealed beforehand ({@link
 * SyncBench#seal}), then an event-sourced actor persists each block as the Chain actor's own event
 * ({@link Chain.BlockImported}, its serializer, one persist at a time and the next only after the
 * journal confirmed it, as the Chain actor does), with the node's snapshot rule (every 1,000
 * events, two kept). Then recovery: a new actor with the same persistence id, timed from its start
 * to its first answer (which waits for the replay), once replaying every event (snapshots ignored)
 * and once from the latest snapshot as a restarted node does. Verification, execution and the
 * RocksDB commit of an import are not in it: {@code SyncBench} measures those.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.amchain.bench.JournalBench --journal h2}
 * (or {@code --journal cassandra} after {@code deploy/local/cassandra start}).
 */
@CommandLine.Command(
    name = "journal",
    mixinStandardHelpOptions = true,
    description = "Journal write throughput (blocks/s) and recovery time, on H2 or Cassandra.")
public final class JournalBench implements Callable<Integer> {
  private static final int SNAPSHOT_EVERY = 1000;
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  @Option(names = "--journal", defaultValue = "h2", description = "h2 (default) or cassandra")
  String journal;

  @Option(names = "--blocks", defaultValue = "10000", description = "blocks to journal")
  int blocks;

  @Option(names = "--transfers", defaultValue = "0", description = "transfers in each block")
  int transfers;

  @Option(names = "--recoveries", defaultValue = "3", description = "recoveries of each kind")
  int recoveries;

  @Option(
      names = "--cassandra-contact-points",
      defaultValue = "127.0.0.1:19042",
      description = "with --journal cassandra: host:port,...")
  String contactPoints;

  @Option(names = "--dir", description = "working directory (default: a temporary one)")
  Path dir;

  public static void main(final String[] args) {
    System.exit(new CommandLine(new JournalBench()).execute(args));
  }

  @Override
  public Integer call() throws IOException {
    final Path work = dir == null ? Files.createTempDirectory("amchain-journal-bench") : dir;
    System.out.println("[journal] machine: " + Machine.describe());
    final SyncBench chain = new SyncBench();
    final long sealing = System.nanoTime();
    final List<Bytes> sealed =
        chain.seal(
            work.resolve("source"),
            chain.genesis(System.currentTimeMillis() / 1000 - blocks - 10L),
            blocks,
            transfers);
    final long bytes = sealed.stream().mapToLong(Bytes::size).sum();
    System.out.printf(
        "[journal] sealed %d blocks of %d transfers (%d bytes of RLP each on average) in %.1f s%n",
        blocks, transfers, bytes / blocks, LoadTool.seconds(sealing));

    // A keyspace of its own each run: the plugin creates it, and no run replays another's blocks.
    final String keyspace = "amchain_bench_" + Integer.toHexString(new Random().nextInt() >>> 1);
    final Config settings = settings(work.resolve("node"), keyspace);
    final ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "journal", settings);
    try {
      final String id = "chain-1337-bench";
      write(system, id, sealed);
      for (final boolean fromSnapshot : List.of(false, true)) {
        final double[] seconds = new double[recoveries];
        long replayed = 0;
        for (int run = 0; run < recoveries; run++) {
          final long start = System.nanoTime();
          final ActorRef<Writer.Command> recovered =
              system.systemActorOf(
                  Writer.create(id, fromSnapshot), "recovery-" + fromSnapshot + "-" + run, props());
          replayed = ask(system, recovered, Writer.Count::new);
          seconds[run] = LoadTool.seconds(start);
          recovered.tell(Writer.Stop.INSTANCE);
        }
        Arrays.sort(seconds);
        System.out.printf(
            "[journal] %s: recovery of %d blocks %s: %s s, median %.2f s%n",
            journal,
            replayed,
            fromSnapshot
                ? "from the latest snapshot (as a node restarts)"
                : "replaying every event (snapshots ignored)",
            Arrays.toString(Arrays.stream(seconds).map(s -> Math.round(s * 100) / 100.0).toArray()),
            seconds[seconds.length / 2]);
      }
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
      JournalConfig.closeJournal(settings);
    }
    if (journal.equals("cassandra")) {
      System.out.println(
          "[journal] keyspace "
              + keyspace
              + " left in Cassandra (DROP KEYSPACE it, or stop and delete the local Cassandra)");
    }
    return 0;
  }

  private void write(final ActorSystem<Void> system, final String id, final List<Bytes> sealed) {
    final ActorRef<Writer.Command> writer =
        system.systemActorOf(Writer.create(id, true), "writer", props());
    // The first write to a new keyspace creates its tables: not part of the figure.
    ask(system, writer, Writer.Count::new);
    final long[] nanos = new long[sealed.size()];
    final long start = System.nanoTime();
    for (int i = 0; i < sealed.size(); i++) {
      final Bytes rlp = sealed.get(i);
      final long one = System.nanoTime();
      ask(system, writer, replyTo -> new Writer.Append(rlp, replyTo));
      nanos[i] = System.nanoTime() - one;
    }
    final double seconds = LoadTool.seconds(start);
    Arrays.sort(nanos);
    System.out.printf(
        "[journal] %s: persisted %d blocks one at a time in %.2f s: %.0f blocks/s; a persist p50"
            + " %.2f ms, p99 %.2f ms, max %.1f ms%n",
        journal,
        sealed.size(),
        seconds,
        sealed.size() / seconds,
        nanos[nanos.length / 2] / 1e6,
        nanos[(int) (nanos.length * 0.99)] / 1e6,
        nanos[nanos.length - 1] / 1e6);
    writer.tell(Writer.Stop.INSTANCE);
  }

  private static long ask(
      final ActorSystem<Void> system,
      final ActorRef<Writer.Command> actor,
      final org.apache.pekko.japi.function.Function<ActorRef<Long>, Writer.Command> message) {
    return AskPattern.ask(actor, message, TIMEOUT, system.scheduler()).toCompletableFuture().join();
  }

  private static org.apache.pekko.actor.typed.Props props() {
    return org.apache.pekko.actor.typed.Props.empty();
  }

  /** The node's configuration for this journal, as {@code amchain node} derives it. */
  private Config settings(final Path datadir, final String keyspace) {
    final Map<String, Object> base = new HashMap<>();
    base.put("amchain.datadir", datadir.toAbsolutePath().toString());
    base.put("amchain.journal", journal);
    base.put("amchain.cassandra.keyspace", keyspace);
    base.put("amchain.cassandra.contact-points", List.of(contactPoints.split(",")));
    final Config merged =
        ConfigFactory.parseMap(base).withFallback(ConfigFactory.parseResources("application.conf"));
    final Map<String, Object> derived =
        new HashMap<>(JournalConfig.pekkoSettings(merged, System.getenv()));
    // One process, no cluster: only the persistence plugins are wanted.
    derived.put("pekko.actor.provider", "local");
    return ConfigFactory.load(ConfigFactory.parseMap(derived).withFallback(merged));
  }

  /**
   * Persists blocks as the Chain actor's events; its state is the Chain's (the count of blocks).
   */
  static final class Writer
      extends EventSourcedBehaviorWithEnforcedReplies<Writer.Command, Chain.Event, Chain.State> {

    /** What the writer is asked. */
    sealed interface Command {}

    /** Journal one block; the reply is the journal's block count after it. */
    record Append(Bytes rlp, ActorRef<Long> replyTo) implements Command {}

    /** The journal's block count (answered once recovery is over). */
    record Count(ActorRef<Long> replyTo) implements Command {}

    /** Stop the writer. */
    enum Stop implements Command {
      INSTANCE
    }

    private final boolean fromSnapshot;

    private Writer(final String id, final boolean fromSnapshot) {
      super(PersistenceId.ofUniqueId(id));
      this.fromSnapshot = fromSnapshot;
    }

    static Behavior<Command> create(final String id, final boolean fromSnapshot) {
      return new Writer(id, fromSnapshot);
    }

    @Override
    public Chain.State emptyState() {
      return new Chain.State(0);
    }

    @Override
    public RetentionCriteria retentionCriteria() {
      return RetentionCriteria.snapshotEvery(SNAPSHOT_EVERY, 2);
    }

    @Override
    public Recovery recovery() {
      return fromSnapshot
          ? Recovery.withSnapshotSelectionCriteria(SnapshotSelectionCriteria.latest())
          : Recovery.withSnapshotSelectionCriteria(SnapshotSelectionCriteria.none());
    }

    @Override
    public CommandHandlerWithReply<Command, Chain.Event, Chain.State> commandHandler() {
      return newCommandHandlerWithReplyBuilder()
          .forAnyState()
          .onCommand(
              Append.class,
              c ->
                  Effect()
                      .persist(new Chain.BlockImported(c.rlp()))
                      .thenReply(c.replyTo(), state -> state.blocks()))
          .onCommand(Count.class, (state, c) -> Effect().reply(c.replyTo(), state.blocks()))
          .onCommand(Stop.class, c -> Effect().stop().thenNoReply())
          .build();
    }

    @Override
    public EventHandler<Chain.State, Chain.Event> eventHandler() {
      return newEventHandlerBuilder()
          .forAnyState()
          .onEvent(Chain.BlockImported.class, (state, event) -> new Chain.State(state.blocks() + 1))
          .build();
    }
  }
}
