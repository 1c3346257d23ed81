package io.amchain.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.amchain.consensus.clique.SealingFixture;
import io.amchain.ledger.crypto.DevAccounts;
import io.amchain.ledger.genesis.Genesis;
import io.amchain.ledger.trie.InMemoryNodeStore;
import io.amchain.ledger.types.Hash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code amchain init}: a data directory from a genesis file, once per chain. */
class InitCommandTest {
  @TempDir Path dir;

  private static String genesisJson(final long chainId) {
    return "{\"config\":{\"chainId\":"
        + chainId
        + ",\"londonBlock\":0,\"clique\":{\"period\":1,\"epoch\":30000}},"
        + "\"timestamp\":\"0x6553f100\",\"gasLimit\":\"0x1c9c380\",\"difficulty\":\"0x1\","
        + "\"extraData\":\""
        + SealingFixture.extraData(List.of(DevAccounts.key(0).publicKey().address())).toHex()
        + "\",\"alloc\":{\""
        + DevAccounts.key(1).publicKey().address().toHex()
        + "\":{\"balance\":\"0xde0b6b3a7640000\"}}}";
  }

  private Path genesisFile(final String name, final String json) throws IOException {
    return Files.writeString(dir.resolve(name), json);
  }

  private CliRun init(final Path genesis) {
    return CliRun.of(
        "init", "--genesis", genesis.toString(), "--datadir", dir.resolve("data").toString());
  }

  @Test
  void createsTheDataDirectoryAndPrintsTheGenesisHash() throws IOException {
    final String json = genesisJson(1337);
    final Hash expected = Genesis.parse(json).build(new InMemoryNodeStore()).hash();
    final CliRun run = init(genesisFile("genesis.json", json));
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().contains(expected.toString()), run.out());
    try (DataDir data = DataDir.open(dir.resolve("data"))) {
      assertEquals(expected, data.chainStore.head());
    }
  }

  @Test
  void theSameGenesisAgainChangesNothing() throws IOException {
    final Path genesis = genesisFile("genesis.json", genesisJson(1337));
    final CliRun first = init(genesis);
    assertEquals(0, first.exit(), first.err());
    final CliRun second = init(genesisFile("copy.json", genesisJson(1337)));
    assertEquals(0, second.exit(), second.err());
    assertEquals(first.out(), second.out());
  }

  @Test
  void anotherGenesisIsRefused() throws IOException {
    assertEquals(0, init(genesisFile("genesis.json", genesisJson(1337))).exit());
    final CliRun other = init(genesisFile("other.json", genesisJson(1338)));
    assertEquals(2, other.exit());
    assertTrue(other.err().contains("was created from another genesis"), other.err());
  }

  @Test
  void aGenesisWithoutCliqueIsRefused() throws IOException {
    final CliRun run =
        init(
            genesisFile(
                "ethash.json",
                "{\"config\":{\"chainId\":1},\"gasLimit\":\"0x1c9c380\",\"difficulty\":\"0x1\"}"));
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("no \"clique\" section"), run.err());
  }

  @Test
  void aMissingGenesisFileIsAnError() {
    final CliRun run = init(dir.resolve("absent.json"));
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("cannot read genesis file"), run.err());
  }
}
