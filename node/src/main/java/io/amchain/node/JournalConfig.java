package io.amchain.node;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Which journal and snapshot store a node's chain writes to, from {@code amchain.journal} ({@code
 * h2}: the embedded H2 file in the data directory; {@code cassandra}: Apache Cassandra through
 * pekko-persistence-cassandra) and {@code amchain.cassandra.*}. The chain's code names neither
 * plugin: the Pekko settings this derives are all that differs, so that the same node binary runs
 * on either (docs/cassandra.md). Public for the journal benchmark (bench/, {@code JournalBench}).
 */
public final class JournalConfig {
  private JournalConfig() {}

  static final String CASSANDRA_PASSWORD_VARIABLE = "AMCHAIN_CASSANDRA_PASSWORD";

  private static final String JOURNAL = "pekko.persistence.cassandra.journal.";
  private static final String SNAPSHOT = "pekko.persistence.cassandra.snapshot.";
  private static final String DRIVER = "datastax-java-driver.";

  /** CQL's rule for an unquoted keyspace name (and its 48-character limit). */
  private static final Pattern KEYSPACE = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]{0,47}");

  /**
   * The Pekko settings that select the configured journal, to lay over the merged configuration.
   * Bad values are refused here, before an actor system starts.
   */
  public static Map<String, Object> pekkoSettings(
      final Config merged, final Map<String, String> environment) {
    final String journal = merged.getString("amchain.journal").strip().toLowerCase(Locale.ROOT);
    return switch (journal) {
      case "h2" -> Map.of();
      case "cassandra" -> cassandra(merged.getConfig("amchain.cassandra"), environment);
      default -> throw new CliException("unknown journal \"" + journal + "\": h2 or cassandra");
    };
  }

  /**
   * Closes the embedded journal's database, once the actor system (and so the Chain actor, its only
   * writer) has stopped. The H2 URL keeps the database open until the JVM ends ({@code
   * DB_CLOSE_DELAY=-1}: the connection pool's last close must not close it under the journal),
   * where H2's own shutdown hook would close it alongside the JVM's other hooks; {@code SHUTDOWN}
   * writes it out and releases its file while the node still decides when the process ends. On
   * Cassandra there is nothing to do: the plugin closes its session with the actor system, and the
   * data is Cassandra's.
   */
  public static void closeJournal(final Config settings) {
    if (!settings.getString("amchain.journal").strip().equalsIgnoreCase("h2")) {
      return;
    }
    final String url = settings.getString("pekko-persistence-jdbc.shared-databases.slick.db.url");
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute("SHUTDOWN");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot close the H2 journal " + url, e);
    }
  }

  private static Map<String, Object> cassandra(
      final Config cassandra, final Map<String, String> environment) {
    final Map<String, Object> settings = new HashMap<>();
    settings.put("pekko.persistence.journal.plugin", "pekko.persistence.cassandra.journal");
    settings.put("pekko.persistence.snapshot-store.plugin", "pekko.persistence.cassandra.snapshot");
    // What the Chain actor reads back, at start, of the blocks its store lacks.
    settings.put("amchain.read-journal", "pekko.persistence.cassandra.query");
    // The chain reads its journal by persistence id only (recovery, a lagging store catching up):
    // no tag tables to keep up.
    settings.put("pekko.persistence.cassandra.events-by-tag.enabled", false);

    final String keyspace = cassandra.getString("keyspace").strip();
    if (!KEYSPACE.matcher(keyspace).matches()) {
      throw new CliException(
          "amchain.cassandra.keyspace \""
              + keyspace
              + "\" is not a keyspace name (a letter, then letters, digits or _, 48 at most)");
    }
    final boolean createSchema = cassandra.getBoolean("create-schema");
    for (final String plugin : List.of(JOURNAL, SNAPSHOT)) {
      // Events and snapshots in one keyspace: one replication setting, one backup, one drop.
      settings.put(plugin + "keyspace", keyspace);
      settings.put(plugin + "keyspace-autocreate", createSchema);
      settings.put(plugin + "tables-autocreate", createSchema);
    }
    settings.putAll(replication(cassandra));

    final List<String> contactPoints = cassandra.getStringList("contact-points");
    if (contactPoints.isEmpty()) {
      throw new CliException(
          "amchain.cassandra.contact-points is empty: give host:port of at least one Cassandra"
              + " node (AMCHAIN_CASSANDRA_CONTACT_POINTS=host:port,...)");
    }
    for (final String point : contactPoints) {
      hostAndPort(point.strip());
    }
    settings.put(
        DRIVER + "basic.contact-points", contactPoints.stream().map(String::strip).toList());
    final String datacenter = cassandra.getString("local-datacenter").strip();
    if (datacenter.isEmpty()) {
      throw new CliException(
          "amchain.cassandra.local-datacenter is empty: the driver sends queries to that"
              + " datacenter only (\"datacenter1\" for a single node with SimpleSnitch)");
    }
    settings.put(DRIVER + "basic.load-balancing-policy.local-datacenter", datacenter);
    // A pod may start before its Cassandra: keep trying instead of failing the first connection.
    settings.put(DRIVER + "advanced.reconnect-on-init", true);
    // Creating a keyspace waits for schema agreement, seconds on a busy node, and replaying a long
    // chain reads for longer than the defaults (2 s a request, 10 s a journal call) allow: a node
    // that gives up there stops its chain.
    for (final String profile :
        List.of(
            "",
            "profiles.pekko-persistence-cassandra-profile.",
            "profiles.pekko-persistence-cassandra-snapshot-profile.")) {
      settings.put(DRIVER + profile + "basic.request.timeout", "30s");
    }
    settings.put(DRIVER + "advanced.control-connection.schema-agreement.timeout", "30s");
    // Connect (and create the schema) while the node starts, not on the chain's first read.
    settings.put(
        "pekko.persistence.journal.auto-start-journals",
        List.of("pekko.persistence.cassandra.journal"));
    settings.put(
        "pekko.persistence.snapshot-store.auto-start-snapshot-stores",
        List.of("pekko.persistence.cassandra.snapshot"));
    // Measured on a loaded 2-core machine: a restarted node's first snapshot read took 40 s
    // (connection, prepared statements), past the default 30 s, which stopped its chain.
    settings.put(JOURNAL + "recovery-event-timeout", "180s");
    for (final String plugin : List.of(JOURNAL, SNAPSHOT)) {
      settings.put(plugin + "circuit-breaker.call-timeout", "60s");
      settings.put(plugin + "circuit-breaker.reset-timeout", "5s");
    }

    final String username = cassandra.getString("username").strip();
    if (!username.isEmpty()) {
      settings.put(
          DRIVER + "advanced.auth-provider.class",
          "com.datastax.oss.driver.internal.core.auth.PlainTextAuthProvider");
      settings.put(DRIVER + "advanced.auth-provider.username", username);
      settings.put(
          DRIVER + "advanced.auth-provider.password",
          password(cassandra.getString("password-file").strip(), environment));
    }
    return settings;
  }

  /**
   * {@code SimpleStrategy} with {@code replication-factor} copies (one datacenter), or {@code
   * NetworkTopologyStrategy} with {@code data-center-replication-factors} ("dc:copies", one per
   * datacenter). Used only when the node creates the keyspace; an operator who creates it chooses
   * there.
   */
  private static Map<String, Object> replication(final Config cassandra) {
    final String strategy = cassandra.getString("replication-strategy").strip();
    final Map<String, Object> settings = new HashMap<>();
    switch (strategy) {
      case "SimpleStrategy" -> {
        final int factor = cassandra.getInt("replication-factor");
        if (factor < 1) {
          throw new CliException("amchain.cassandra.replication-factor must be at least 1");
        }
        for (final String plugin : List.of(JOURNAL, SNAPSHOT)) {
          settings.put(plugin + "replication-strategy", strategy);
          settings.put(plugin + "replication-factor", factor);
        }
      }
      case "NetworkTopologyStrategy" -> {
        final List<String> factors = cassandra.getStringList("data-center-replication-factors");
        if (factors.isEmpty()) {
          throw new CliException(
              "NetworkTopologyStrategy needs amchain.cassandra.data-center-replication-factors,"
                  + " e.g. [\"dc1:3\", \"dc2:3\"]");
        }
        for (final String factor : factors) {
          if (!factor.strip().matches("[^:\\s]+:[1-9][0-9]*")) {
            throw new CliException(
                "amchain.cassandra.data-center-replication-factors: \""
                    + factor
                    + "\" is not datacenter:copies");
          }
        }
        for (final String plugin : List.of(JOURNAL, SNAPSHOT)) {
          settings.put(plugin + "replication-strategy", strategy);
          settings.put(
              plugin + "data-center-replication-factors",
              factors.stream().map(String::strip).toList());
        }
      }
      default ->
          throw new CliException(
              "unknown amchain.cassandra.replication-strategy \""
                  + strategy
                  + "\": SimpleStrategy or NetworkTopologyStrategy");
    }
    return settings;
  }

  /** From the file's first line, else the environment: never from the configuration itself. */
  private static String password(final String passwordFile, final Map<String, String> environment) {
    if (!passwordFile.isEmpty()) {
      try {
        final List<String> lines = Files.readAllLines(Path.of(passwordFile));
        if (lines.isEmpty() || lines.get(0).isEmpty()) {
          throw new CliException("the Cassandra password file " + passwordFile + " is empty");
        }
        return lines.get(0);
      } catch (IOException e) {
        throw new CliException(
            "cannot read the Cassandra password file " + passwordFile + ": " + e.getMessage());
      }
    }
    final @Nullable String password = environment.get(CASSANDRA_PASSWORD_VARIABLE);
    if (password == null || password.isEmpty()) {
      throw new CliException(
          "amchain.cassandra.username is set but no password: give"
              + " amchain.cassandra.password-file or "
              + CASSANDRA_PASSWORD_VARIABLE);
    }
    return password;
  }

  private static void hostAndPort(final String point) {
    final int colon = point.lastIndexOf(':');
    if (colon <= 0 || !point.substring(colon + 1).matches("[0-9]{1,5}")) {
      throw new CliException(
          "amchain.cassandra.contact-points: \"" + point + "\" is not host:port");
    }
  }
}
