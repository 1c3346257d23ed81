package io.amchain.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code amchain node}'s platform settings: a registry address that is none fails at start. */
class NodePlatformOptionTest {
  @TempDir Path dir;

  @Test
  void aMemberRegistryThatIsNoAddressIsRefusedBeforeTheNodeStarts() throws IOException {
    final Path data = CliRun.initializedDatadir(dir);
    final Path conf =
        Files.writeString(
            dir.resolve("node.conf"), "amchain.platform.member-registry = \"0x1234\"\n");
    final CliRun run = CliRun.of("node", "--config", conf.toString(), "--datadir", data.toString());
    assertEquals(2, run.exit(), run.out());
    assertTrue(
        run.err().contains("amchain.platform.member-registry \"0x1234\" is not an address"),
        run.err());
  }
}
