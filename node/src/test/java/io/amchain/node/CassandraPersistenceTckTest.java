package io.amchain.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.persistence.CapabilityFlag;
import org.apache.pekko.persistence.japi.journal.JavaJournalSpec;
import org.apache.pekko.persistence.japi.snapshot.JavaSnapshotStoreSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scalatest.Reporter;
import org.scalatest.events.Event;
import org.scalatest.events.RunAborted;
import org.scalatest.events.SuiteAborted;
import org.scalatest.events.TestFailed;
import org.scalatest.events.TestSucceeded;
import org.scalatest.tools.Runner;

/**
 * Pekko's persistence TCK ({@code JavaJournalSpec}, {@code JavaSnapshotStoreSpec}) on the journal
 * and snapshot settings {@link JournalConfig} derives, for H2 and for a real Cassandra ({@code
 * deploy/local/cassandra}). ScalaTest's own Runner runs each suite; a reporter counts its tests.
 *
 * <p>Runs only with {@code -Pcassandra} (tag "cassandra").
 */
@Tag("cassandra")
final class CassandraPersistenceTckTest {
  @TempDir static Path dir;

  /** The data directory the H2 suites' configuration points at (set before they are built). */
  private static volatile Path h2Datadir = Path.of("unset");

  private static LocalCassandra cassandra;

  @BeforeAll
  static void startCassandra() {
    h2Datadir = dir.resolve("h2");
    cassandra = LocalCassandra.start(dir.resolve("cassandra"));
  }

  @AfterAll
  static void stopCassandra() {
    if (cassandra != null) {
      cassandra.close();
    }
  }

  @Test
  void h2Journal() {
    assertSuitePasses(H2Journal.class);
  }

  @Test
  void h2SnapshotStore() {
    assertSuitePasses(H2SnapshotStore.class);
  }

  @Test
  void cassandraJournal() {
    assertSuitePasses(CassandraJournal.class);
  }

  @Test
  void cassandraSnapshotStore() {
    assertSuitePasses(CassandraSnapshotStore.class);
  }

  private static void assertSuitePasses(final Class<?> suite) {
    Counting.reset();
    final boolean passed =
        Runner.run(new String[] {"-oW", "-C", Counting.class.getName(), "-s", suite.getName()});
    System.out.printf(
        "[tck] %s: %d succeeded, %d failed%n",
        suite.getSimpleName(), Counting.SUCCEEDED.get(), Counting.FAILED.size());
    assertEquals(List.of(), Counting.FAILED, suite.getSimpleName() + ": failed tests");
    assertTrue(passed, suite.getSimpleName() + " did not pass (aborted?): " + Counting.ABORTED);
    assertTrue(Counting.SUCCEEDED.get() > 0, suite.getSimpleName() + " ran no test");
  }

  /** The node's configuration for a journal choice, as NodeCommand builds it, on a local system. */
  private static Config node(final String overrides) {
    final Config merged =
        ConfigFactory.parseString(overrides)
            .withFallback(ConfigFactory.parseResources("application.conf"))
            .withFallback(ConfigFactory.defaultReference())
            .resolve();
    return ConfigFactory.parseString("pekko.actor.provider = local")
        .withFallback(ConfigFactory.parseMap(JournalConfig.pekkoSettings(merged, Map.of())))
        .withFallback(merged)
        .resolve();
  }

  private static Config h2() {
    return node("amchain.datadir = \"" + h2Datadir + "\"");
  }

  /**
   * The first write to a new keyspace creates its tables (seconds on a cold single node): the TCK's
   * 3-second default expectation would time out on that, not on the journal's behavior.
   */
  private static Config cassandra() {
    return node(
        "pekko.test.single-expect-default = 20s, amchain { journal = cassandra, cassandra.keyspace = amchain_tck, cassandra.contact-points"
            + " = [\""
            + LocalCassandra.HOST
            + ":"
            + LocalCassandra.CQL_PORT
            + "\"] }");
  }

  /** The H2 journal under the TCK's journal suite. */
  public static final class H2Journal extends JavaJournalSpec {
    public H2Journal() {
      super(h2());
    }
  }

  /** The H2 snapshot store under the TCK's snapshot suite. */
  public static final class H2SnapshotStore extends JavaSnapshotStoreSpec {
    public H2SnapshotStore() {
      super(h2());
    }
  }

  /** The Cassandra journal under the TCK's journal suite. */
  public static final class CassandraJournal extends JavaJournalSpec {
    public CassandraJournal() {
      super(cassandra());
    }

    /**
     * pekko-persistence-cassandra fails the whole write (WriteMessagesFailed) when an event cannot
     * be serialized, instead of rejecting that event alone: a known limit of the plugin, harmless
     * for the node, whose events all have serializers (a failed write stops the Chain actor).
     */
    @Override
    public CapabilityFlag supportsRejectingNonSerializableObjects() {
      return CapabilityFlag.off();
    }
  }

  /** The Cassandra snapshot store under the TCK's snapshot suite. */
  public static final class CassandraSnapshotStore extends JavaSnapshotStoreSpec {
    public CassandraSnapshotStore() {
      super(cassandra());
    }
  }

  /** Counts what ScalaTest's Runner reports; the Runner builds it by name, hence the statics. */
  public static final class Counting implements Reporter {
    static final AtomicInteger SUCCEEDED = new AtomicInteger();
    static final List<String> FAILED = new CopyOnWriteArrayList<>();
    static final List<String> ABORTED = new CopyOnWriteArrayList<>();

    static void reset() {
      SUCCEEDED.set(0);
      FAILED.clear();
      ABORTED.clear();
    }

    @Override
    public void apply(final Event event) {
      if (event instanceof TestSucceeded) {
        SUCCEEDED.incrementAndGet();
      } else if (event instanceof TestFailed failed) {
        FAILED.add(failed.testName() + ": " + failed.message());
      } else if (event instanceof SuiteAborted aborted) {
        ABORTED.add(aborted.suiteName() + ": " + aborted.message());
      } else if (event instanceof RunAborted aborted) {
        ABORTED.add("run: " + aborted.message());
      }
    }
  }
}
