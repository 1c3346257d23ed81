package io.amchain.actors.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.amchain.ledger.rlp.RlpException;
import java.io.NotSerializableException;
import java.util.Arrays;

/**
 * Fuzz target for the journal serializer, what reads every event and snapshot back at recovery
 * (docs/fuzzing.md). Byte 0 of the input, modulo 3, picks the manifest ({@code block-imported-v1},
 * {@code chain-state-v1}, {@code chain-state-v2}), the rest is the stored bytes. Property: the
 * bytes either read as an event or snapshot, or are refused with an {@link RlpException}; what
 * reads back serializes to the same manifest and the very same bytes, except that a state of the
 * older format is written in the current one and reads back equal. (A {@code block-imported-v1}
 * event carries the block's RLP as it is; the block itself is decoded at replay by {@code
 * Block.decode}, which {@code BlockFuzzTest} covers.) Seeds: {@code
 * ChainEventSerializerFuzzTestInputs/}, the block seeds and states written by {@code
 * tools/fuzz-seeds.py}.
 */
class ChainEventSerializerFuzzTest {
  private static final String[] MANIFESTS = {
    "block-imported-v1", "chain-state-v1", "chain-state-v2"
  };

  private final ChainEventSerializer serializer = new ChainEventSerializer();

  @FuzzTest
  void fromBinaryRefusesOrRoundTrips(final byte[] input) throws NotSerializableException {
    if (input.length == 0) {
      return;
    }
    final String manifest = MANIFESTS[Math.floorMod(input[0], MANIFESTS.length)];
    final byte[] stored = Arrays.copyOfRange(input, 1, input.length);
    final Object event;
    try {
      event = serializer.fromBinary(stored, manifest);
    } catch (RlpException refused) {
      return;
    }
    if (manifest.equals("chain-state-v1")) {
      assertEquals(
          event, serializer.fromBinary(serializer.toBinary(event), serializer.manifest(event)));
      return;
    }
    assertEquals(manifest, serializer.manifest(event));
    assertArrayEquals(stored, serializer.toBinary(event));
  }
}
