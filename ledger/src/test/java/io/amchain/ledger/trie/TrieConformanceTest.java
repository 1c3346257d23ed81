package io.amchain.ledger.trie;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.amchain.ledger.conformance.Conformance;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every root vector of ethereum/tests TrieTests: plain and secure tries, ordered and any order. */
class TrieConformanceTest {
  private static final Conformance TALLY = new Conformance("TrieTests");

  @TestFactory
  List<DynamicTest> trieRoots() {
    final List<DynamicTest> tests = new ArrayList<>();
    for (final Path file : Conformance.jsonFiles(Conformance.root().resolve("TrieTests"))) {
      final String name = file.getFileName().toString();
      if (name.equals("trietestnextprev.json")) {
        continue; // an iterator test, not a root vector
      }
      final boolean secure = name.contains("secure");
      for (final Map.Entry<String, JsonNode> vector : Conformance.read(file).properties()) {
        tests.add(
            DynamicTest.dynamicTest(
                name + " " + vector.getKey(),
                () -> TALLY.run(() -> check(vector.getValue(), secure))));
      }
    }
    return tests;
  }

  @AfterAll
  static void printTally() {
    System.out.println(TALLY.summary());
  }

  private static void check(final JsonNode vector, final boolean secure) {
    final InMemoryNodeStore store = new InMemoryNodeStore();
    final MerklePatriciaTrie trie =
        secure ? MerklePatriciaTrie.secure(store) : MerklePatriciaTrie.plain(store);
    final Map<Bytes, Bytes> expected = new LinkedHashMap<>();
    final JsonNode in = vector.get("in");
    if (in.isArray()) {
      for (final JsonNode pair : in) {
        apply(trie, expected, pair.get(0).asText(), pair.get(1));
      }
    } else {
      for (final Map.Entry<String, JsonNode> pair : in.properties()) {
        apply(trie, expected, pair.getKey(), pair.getValue());
      }
    }
    final Hash root = Hash.fromHex(vector.get("root").asText());
    assertEquals(root, trie.rootHash());

    // Committed and reopened from its root, the trie serves every value with a valid proof.
    assertEquals(root, trie.commit());
    final MerklePatriciaTrie reopened =
        secure ? MerklePatriciaTrie.secure(store, root) : MerklePatriciaTrie.plain(store, root);
    for (final Map.Entry<Bytes, Bytes> entry : expected.entrySet()) {
      assertEquals(entry.getValue(), reopened.get(entry.getKey()));
      assertEquals(
          entry.getValue(),
          MerklePatriciaTrie.verifyProof(
              root, entry.getKey(), reopened.proof(entry.getKey()), secure));
    }
  }

  private static void apply(
      final MerklePatriciaTrie trie,
      final Map<Bytes, Bytes> expected,
      final String key,
      final JsonNode value) {
    final Bytes k = bytes(key);
    final Bytes v = value == null || value.isNull() ? Bytes.EMPTY : bytes(value.asText());
    trie.put(k, v);
    if (v.isEmpty()) {
      expected.remove(k);
    } else {
      expected.put(k, v);
    }
  }

  private static Bytes bytes(final String text) {
    return text.startsWith("0x")
        ? Bytes.fromHex(text)
        : Bytes.of(text.getBytes(StandardCharsets.UTF_8));
  }
}
