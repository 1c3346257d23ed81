package io.amchain.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.amchain.consensus.clique.SealingFixture;
import io.amchain.ledger.crypto.DevAccounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code amchain node}'s platform settings: a registry address that is none fails at start. */
class NodePlatformOptionTest {
  @TempDir Path dir;

  @Test
  void aMemberRegistryThatIsNoAddressIsRefusedBeforeTheNodeStarts() throws IOException {
    final Path genesis =
        Files.writeString(
            dir.resolve("genesis.json"),
            "{\"config\":{\"chainId\":1337,\"londonBlock\":0,\"clique\":{\"period\":1,"
                + "\"epoch\":30000}},\"gasLimit\":\"0x1c9c380\",\"difficulty\":\"0x1\","
                + "\"extraData\":\""
                + SealingFixture.extraData(List.of(DevAccounts.key(0).publicKey().address()))
                    .toHex()
                + "\",\"alloc\":{}}");
    final Path data = dir.resolve("data");
    assertEquals(
        0, CliRun.of("init", "--genesis", genesis.toString(), "--datadir", data.toString()).exit());
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
