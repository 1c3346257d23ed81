package io.amchain.ledger.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.amchain.ledger.conformance.Conformance;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Fork;
import io.amchain.ledger.types.Hash;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every TransactionTests vector, for London, Shanghai and (where present) Cancun: a valid
 * transaction decodes to the given hash, sender and intrinsic gas; an invalid one is rejected. The
 * vectors are signed for chain id 1.
 */
class TransactionConformanceTest {
  private static final Conformance TALLY = new Conformance("TransactionTests");
  private static final long CHAIN_ID = 1;

  @TestFactory
  List<DynamicTest> transactions() {
    final List<DynamicTest> tests = new ArrayList<>();
    for (final Path file : Conformance.jsonFiles(Conformance.root().resolve("TransactionTests"))) {
      for (final Map.Entry<String, JsonNode> vector : Conformance.read(file).properties()) {
        final Bytes txBytes = Bytes.fromHex(vector.getValue().get("txbytes").asText());
        for (final String forkName : List.of("London", "Shanghai", "Cancun")) {
          final JsonNode result = vector.getValue().get("result").get(forkName);
          if (result == null) {
            continue;
          }
          tests.add(
              DynamicTest.dynamicTest(
                  file.getParent().getFileName() + "/" + vector.getKey() + " " + forkName,
                  () -> TALLY.run(() -> check(txBytes, Fork.parse(forkName), result))));
        }
      }
    }
    return tests;
  }

  @AfterAll
  static void printTally() {
    System.out.println(TALLY.summary());
  }

  private static void check(final Bytes txBytes, final Fork fork, final JsonNode result) {
    if (result.has("exception")) {
      try {
        final Transaction tx = Transaction.decode(txBytes);
        TransactionValidator.validate(tx, fork, CHAIN_ID);
      } catch (TransactionException expected) {
        return;
      }
      fail("accepted a transaction the vector rejects with " + result.get("exception").asText());
    }
    final Transaction tx = Transaction.decode(txBytes);
    TransactionValidator.validate(tx, fork, CHAIN_ID);
    assertEquals(Hash.fromHex(result.get("hash").asText()), tx.hash());
    assertEquals(Address.fromHex(result.get("sender").asText()), tx.sender());
    assertEquals(Long.decode(result.get("intrinsicGas").asText()), IntrinsicGas.of(tx, fork));
    assertEquals(txBytes, tx.encodeFields(), "re-encoding gives the same bytes");
  }
}
