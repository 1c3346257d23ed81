package io.amchain.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Hash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chains sealed by an independent tool — an ethers.js script with its own RLP, Keccak and secp256k1
 * — imported through the CLI: the signer set after votes, files imported one after the other, a
 * tampered block rejected at its number, and export writing the same bytes back.
 */
class ChainFileInteropTest {
  private static final int BLOCKS = 40;

  @TempDir static Path work;
  private static JsonNode expected;

  @BeforeAll
  static void makeChain() throws IOException {
    JsTool.install(JsTool.JS);
    JsTool.run(
        JsTool.JS,
        Duration.ofMinutes(5),
        "node",
        "clique-chain.mjs",
        work.resolve("chain").toString(),
        String.valueOf(BLOCKS));
    expected = new ObjectMapper().readTree(work.resolve("chain").resolve("expected.json").toFile());
  }

  private static Path chainFile(final String name) {
    return work.resolve("chain").resolve(name);
  }

  private static int amchain(final String... args) {
    return AmchainCli.run(args);
  }

  private static String[] importArgs(final Path datadir, final String... files) {
    final List<String> args =
        new ArrayList<>(
            List.of(
                "import",
                "--genesis",
                chainFile("genesis.json").toString(),
                "--datadir",
                datadir.toString()));
    for (final String file : files) {
      args.add(chainFile(file).toString());
    }
    return args.toArray(String[]::new);
  }

  @Test
  void importsTheChainWithTheVotedSignerSet(@TempDir final Path datadir) {
    assertEquals(0, amchain(importArgs(datadir, "chain.rlp")));
    try (DataDir dir = DataDir.open(datadir)) {
      final Hash head = Objects.requireNonNull(dir.chainStore.head());
      assertEquals(Hash.fromHex(expected.get("head").asText()), head);
      final List<Address> signers = new ArrayList<>();
      expected.get("signers").forEach(s -> signers.add(Address.fromHex(s.asText())));
      assertEquals(
          signers.stream().sorted().toList(), dir.importer(() -> 0).snapshotAt(head).signers());
    }
  }

  @Test
  void aSecondFileContinuesTheChain(@TempDir final Path datadir) {
    assertEquals(0, amchain(importArgs(datadir, "part1.rlp")));
    assertEquals(0, amchain(importArgs(datadir, "part2.rlp")));
    try (DataDir dir = DataDir.open(datadir)) {
      assertEquals(Hash.fromHex(expected.get("head").asText()), dir.chainStore.head());
    }
  }

  @Test
  void aTamperedBlockStopsTheImportAtThatBlock(@TempDir final Path datadir) {
    assertEquals(1, amchain(importArgs(datadir, "tampered.rlp")));
    final int tampered = expected.get("tamperedBlock").asInt();
    try (DataDir dir = DataDir.open(datadir)) {
      final Hash head = Objects.requireNonNull(dir.chainStore.head());
      assertEquals(tampered - 1, Objects.requireNonNull(dir.chainStore.header(head)).number());
      assertNull(dir.chainStore.canonicalHash(tampered));
    }
    // The good chain still imports on top of what was kept.
    assertEquals(0, amchain(importArgs(datadir, "chain.rlp")));
  }

  @Test
  void exportWritesTheSameBlocks(@TempDir final Path datadir) throws IOException {
    assertEquals(0, amchain(importArgs(datadir, "chain.rlp")));
    final Path exported = datadir.resolve("export.rlp");
    assertEquals(0, amchain("export", "--datadir", datadir.toString(), exported.toString()));
    final byte[] original = Files.readAllBytes(chainFile("chain.rlp"));
    final byte[] written = Files.readAllBytes(exported);
    final byte[] tail = new byte[original.length];
    System.arraycopy(written, written.length - original.length, tail, 0, original.length);
    assertArrayEquals(original, tail, "blocks 1..N come back byte for byte, after the genesis");
  }

  @Test
  void badInputFailsWithAMessage(@TempDir final Path datadir) throws IOException {
    assertNotEquals(0, amchain(importArgs(datadir, "missing.rlp")));
    final byte[] chain = Files.readAllBytes(chainFile("chain.rlp"));
    final Path truncated = datadir.resolve("truncated.rlp");
    Files.write(truncated, java.util.Arrays.copyOf(chain, chain.length - 10));
    assertNotEquals(
        0,
        amchain(
            "import",
            "--genesis",
            chainFile("genesis.json").toString(),
            "--datadir",
            datadir.resolve("d").toString(),
            truncated.toString()));
    assertNotEquals(0, amchain("export", "--datadir", datadir.resolve("nothing").toString(), "x"));
  }
}
