package io.amchain.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code amchain evm run}, and its {@code --bench} mode, run in-process. */
class EvmRunCommandTest {
  /** 1 + 2, stored at memory 0 and returned as one word. */
  private static final String ADD = "0x600160020160005260206000f3";

  private static final String THREE =
      "0x0000000000000000000000000000000000000000000000000000000000000003";

  private static JsonNode json(final CliRun run) throws Exception {
    return new ObjectMapper().readTree(run.out());
  }

  @Test
  void benchPrintsTheOutcomeAndTheTimeAllocationsAndGasRatePerRun() throws Exception {
    final CliRun plain = CliRun.of("evm", "run", "--code", ADD);
    final CliRun bench = CliRun.of("evm", "run", "--code", ADD, "--bench", "--bench-batch-ms", "5");

    assertEquals(0, bench.exit(), bench.err());
    final JsonNode out = json(bench);
    assertEquals(THREE, out.get("output").asText());
    assertEquals(json(plain).get("gasUsed"), out.get("gasUsed"));
    final JsonNode figures = out.get("bench");
    assertTrue(figures.get("runsPerBatch").asLong() >= 1, bench.out());
    final int batches = figures.get("batches").asInt();
    assertTrue(
        batches >= 1 && batches <= RepeatedRun.MAX_BATCHES, "batches out of range: " + bench.out());
    if (figures.get("stable").asBoolean()) {
      assertTrue(batches >= RepeatedRun.WINDOW, bench.out());
      assertTrue(figures.get("spread").asDouble() <= RepeatedRun.TOLERANCE, bench.out());
    }
    final double nanos = figures.get("nanosPerRun").asDouble();
    assertTrue(nanos > 0, bench.out());
    // Each run builds a fresh world state and an EVM: it cannot allocate nothing.
    assertTrue(figures.get("bytesAllocatedPerRun").asDouble() > 0, bench.out());
    final long gas = Long.decode(out.get("gasUsed").asText());
    assertEquals(
        gas * 1_000.0 / nanos,
        figures.get("mgasPerSecond").asDouble(),
        0.05 + 1e-3 * gas * 1_000.0 / nanos);
  }

  @Test
  void benchOfCodeThatFailsStillMeasuresItAndExitsNonZero() throws Exception {
    final CliRun plain = CliRun.of("evm", "run", "--code", "0xfe");
    final CliRun run =
        CliRun.of("evm", "run", "--code", "0xfe", "--bench", "--bench-batch-ms", "5");

    assertEquals(1, plain.exit());
    assertEquals(1, run.exit());
    final JsonNode out = json(run);
    assertEquals(json(plain).get("halt"), out.get("halt"));
    assertTrue(out.get("bench").get("nanosPerRun").asDouble() > 0, run.out());
  }

  @Test
  void badInputIsRefusedWithAMessageAndNonZeroExit() {
    final CliRun badHex = CliRun.of("evm", "run", "--code", "0xzz", "--bench");
    final CliRun withTrace = CliRun.of("evm", "run", "--code", ADD, "--bench", "--trace");
    final CliRun badBatch =
        CliRun.of("evm", "run", "--code", ADD, "--bench", "--bench-batch-ms", "0");
    final CliRun badGas = CliRun.of("evm", "run", "--code", ADD, "--bench", "--gas", "0");

    for (final CliRun run : new CliRun[] {badHex, withTrace, badBatch, badGas}) {
      assertNotEquals(0, run.exit(), run.out());
      assertTrue(run.err().startsWith("error: "), run.err());
      assertEquals("", run.out());
    }
    assertTrue(withTrace.err().contains("--bench and --trace"), withTrace.err());
    assertTrue(badBatch.err().contains("--bench-batch-ms"), badBatch.err());
    assertTrue(badGas.err().contains("--gas"), badGas.err());
  }
}
