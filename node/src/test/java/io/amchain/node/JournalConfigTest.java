package io.amchain.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Pekko settings each journal choice derives, and the refusals of bad values. */
class JournalConfigTest {

  private static Config node(final String overrides) {
    return ConfigFactory.parseString(overrides)
        .withFallback(ConfigFactory.parseResources("application.conf"))
        .resolve();
  }

  private static Config pekko(final String overrides, final Map<String, String> environment) {
    final Config merged = node(overrides);
    return ConfigFactory.parseMap(JournalConfig.pekkoSettings(merged, environment))
        .withFallback(merged)
        .resolve();
  }

  @Test
  void h2IsTheDefaultAndKeepsTheJdbcPlugins() {
    final Config config = pekko("", Map.of());
    assertEquals("jdbc-journal", config.getString("pekko.persistence.journal.plugin"));
    assertEquals(
        "jdbc-snapshot-store", config.getString("pekko.persistence.snapshot-store.plugin"));
  }

  @Test
  void cassandraSelectsBothPluginsOneKeyspaceAndTheDriverSettings() {
    final Config config =
        pekko(
            "amchain { journal = cassandra, cassandra.keyspace = amchain_node0,"
                + " cassandra.contact-points = [\"10.0.0.1:9042\", \" 10.0.0.2:9042\"] }",
            Map.of());
    assertEquals(
        "pekko.persistence.cassandra.journal",
        config.getString("pekko.persistence.journal.plugin"));
    assertEquals(
        "pekko.persistence.cassandra.snapshot",
        config.getString("pekko.persistence.snapshot-store.plugin"));
    assertEquals("amchain_node0", config.getString("pekko.persistence.cassandra.journal.keyspace"));
    assertEquals(
        "amchain_node0", config.getString("pekko.persistence.cassandra.snapshot.keyspace"));
    assertTrue(config.getBoolean("pekko.persistence.cassandra.journal.keyspace-autocreate"));
    assertEquals(
        List.of("10.0.0.1:9042", "10.0.0.2:9042"),
        config.getStringList("datastax-java-driver.basic.contact-points"));
    assertEquals(
        "datacenter1",
        config.getString("datastax-java-driver.basic.load-balancing-policy.local-datacenter"));
    assertEquals(1, config.getInt("pekko.persistence.cassandra.journal.replication-factor"));
  }

  @Test
  void productionSchemaAndNetworkTopologyReplication() {
    final Config config =
        pekko(
            "amchain { journal = cassandra, cassandra { create-schema = false,"
                + " replication-strategy = NetworkTopologyStrategy,"
                + " data-center-replication-factors = [\"dc1:3\", \"dc2:3\"] } }",
            Map.of());
    assertEquals(
        false, config.getBoolean("pekko.persistence.cassandra.snapshot.tables-autocreate"));
    assertEquals(
        "NetworkTopologyStrategy",
        config.getString("pekko.persistence.cassandra.journal.replication-strategy"));
    assertEquals(
        List.of("dc1:3", "dc2:3"),
        config.getStringList(
            "pekko.persistence.cassandra.journal.data-center-replication-factors"));
  }

  @Test
  void credentialsComeFromThePasswordFileOrTheEnvironment(@TempDir final Path dir)
      throws IOException {
    final Path file = Files.writeString(dir.resolve("password"), "from-file\nignored\n");
    final Config fromFile =
        pekko(
            "amchain { journal = cassandra, cassandra { username = amchain,"
                + " password-file = \""
                + file
                + "\" } }",
            Map.of(JournalConfig.CASSANDRA_PASSWORD_VARIABLE, "from-env"));
    assertEquals(
        "from-file", fromFile.getString("datastax-java-driver.advanced.auth-provider.password"));
    final Config fromEnvironment =
        pekko(
            "amchain { journal = cassandra, cassandra.username = amchain }",
            Map.of(JournalConfig.CASSANDRA_PASSWORD_VARIABLE, "from-env"));
    assertEquals(
        "amchain",
        fromEnvironment.getString("datastax-java-driver.advanced.auth-provider.username"));
    assertEquals(
        "from-env",
        fromEnvironment.getString("datastax-java-driver.advanced.auth-provider.password"));
  }

  @Test
  void badValuesAreRefusedWithTheSettingNamed() {
    assertRefused("amchain.journal = rocks", "unknown journal \"rocks\"");
    assertRefused(
        "amchain { journal = cassandra, cassandra.keyspace = \"drop table\" }",
        "amchain.cassandra.keyspace");
    assertRefused(
        "amchain { journal = cassandra, cassandra.contact-points = [\"nohost\"] }",
        "is not host:port");
    assertRefused("amchain { journal = cassandra, cassandra.contact-points = [] }", "is empty");
    assertRefused(
        "amchain { journal = cassandra, cassandra.replication-strategy ="
            + " NetworkTopologyStrategy }",
        "data-center-replication-factors");
    assertRefused(
        "amchain { journal = cassandra, cassandra { replication-strategy ="
            + " NetworkTopologyStrategy, data-center-replication-factors = [\"dc1\"] } }",
        "is not datacenter:copies");
    assertRefused(
        "amchain { journal = cassandra, cassandra.replication-factor = 0 }", "at least 1");
    assertRefused("amchain { journal = cassandra, cassandra.username = amchain }", "no password");
  }

  private static void assertRefused(final String overrides, final String message) {
    final CliException refusal =
        assertThrows(
            CliException.class, () -> JournalConfig.pekkoSettings(node(overrides), Map.of()));
    assertTrue(
        refusal.getMessage().contains(message),
        () -> "\"" + refusal.getMessage() + "\" does not say " + message);
  }
}
