package io.amchain.ledger.rlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.amchain.ledger.conformance.Conformance;
import io.amchain.ledger.types.Bytes;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every RLPTests vector: valid ones encode and decode both ways, invalid ones are rejected. */
class RlpConformanceTest {
  private static final Conformance TALLY = new Conformance("RLPTests");

  @TestFactory
  List<DynamicTest> rlpVectors() {
    final List<DynamicTest> tests = new ArrayList<>();
    for (final Path file : Conformance.jsonFiles(Conformance.root().resolve("RLPTests"))) {
      for (final Map.Entry<String, JsonNode> vector : Conformance.read(file).properties()) {
        final JsonNode in = vector.getValue().get("in");
        final Bytes out = Bytes.fromHex(vector.getValue().get("out").asText());
        tests.add(
            DynamicTest.dynamicTest(
                file.getFileName() + " " + vector.getKey(), () -> TALLY.run(() -> check(in, out))));
      }
    }
    return tests;
  }

  @AfterAll
  static void printTally() {
    System.out.println(TALLY.summary());
  }

  private static void check(final JsonNode in, final Bytes out) {
    if (in.isTextual() && in.asText().equals("INVALID")) {
      assertThrows(RlpException.class, () -> Rlp.decode(out));
    } else if (in.isTextual() && in.asText().equals("VALID")) {
      assertEquals(out, Rlp.encode(Rlp.decode(out)));
    } else {
      final RlpItem expected = item(in);
      assertEquals(out, Rlp.encode(expected));
      assertEquals(expected, Rlp.decode(out));
    }
  }

  /** RLP scalars have no width: "#" vectors go past 256 bits. */
  private static RlpItem scalar(final BigInteger value) {
    if (value.signum() == 0) {
      return RlpItem.of(Bytes.EMPTY);
    }
    final byte[] raw = value.toByteArray();
    return RlpItem.of(raw[0] == 0 ? Bytes.of(raw).slice(1) : Bytes.of(raw));
  }

  private static RlpItem item(final JsonNode in) {
    if (in.isArray()) {
      final List<RlpItem> items = new ArrayList<>();
      in.forEach(child -> items.add(item(child)));
      return RlpItem.list(items);
    }
    if (in.isIntegralNumber()) {
      return scalar(in.bigIntegerValue());
    }
    final String text = in.asText();
    if (text.startsWith("#")) {
      return scalar(new BigInteger(text.substring(1)));
    }
    return RlpItem.of(Bytes.of(text.getBytes(StandardCharsets.UTF_8)));
  }
}
