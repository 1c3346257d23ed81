package io.amchain.actors.wire;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.amchain.actors.WireMessage;
import io.amchain.actors.gossip.Gossip;
import io.amchain.actors.sync.Sync;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Keccak;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed corpus of {@link KryoSerializerFuzzTest}: every checked-in seed frame (not the crash
 * inputs the fuzzer found, which must be refused) still reads as a wire message, so a change of the
 * wire format that leaves the corpus stale fails here. With {@code -Dfuzz.seeds.write=true} it
 * first writes the frames again, one per message type, from the payloads that {@code
 * tools/fuzz-seeds.py} takes from the conformance vectors (docs/fuzzing.md).
 */
class WireSeedCorpusTest {
  private static final Path SOURCE = Paths.get("src/test/resources/io/amchain/actors/wire");
  private static final Path CORPUS =
      SOURCE.resolve("KryoSerializerFuzzTestInputs/frameIsRefusedOrWellTyped");

  private static ActorTestKit testKit;
  private static KryoSerializer kryo;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create();
    kryo = WireFixture.kryo(testKit);
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void everySeedFrameReadsAsAWireMessage() throws IOException {
    if (Boolean.getBoolean("fuzz.seeds.write")) {
      writeSeeds();
    }
    final List<Path> seeds =
        list(CORPUS).stream()
            .filter(seed -> seed.getFileName().toString().startsWith("seed-"))
            .toList();
    assertFalse(seeds.isEmpty(), "seed frames in " + CORPUS);
    for (final Path seed : seeds) {
      assertInstanceOf(WireMessage.class, kryo.fromBinaryJava(Files.readAllBytes(seed), null));
    }
  }

  private static void writeSeeds() throws IOException {
    final List<Bytes> payloads = new ArrayList<>();
    for (final Path file : list(SOURCE.resolve("seed-payloads"))) {
      payloads.add(Bytes.wrap(Files.readAllBytes(file)));
    }
    final TestProbe<Sync.Command> peer = testKit.createTestProbe();
    final List<Object> messages = new ArrayList<>();
    messages.add(
        WireFixture.newTransactions(testKit, payloads.subList(0, Math.min(4, payloads.size()))));
    messages.add(WireFixture.newTransactions(testKit, List.of()));
    messages.add(
        new Sync.Blocks(payloads.subList(payloads.size() - 2, payloads.size()), peer.getRef()));
    messages.add(new Sync.GetStatus(peer.getRef()));
    messages.add(new Sync.GetBlocks(1, 128, peer.getRef()));
    for (final Bytes payload : payloads) {
      messages.add(new Gossip.NewBlock(payload));
      messages.add(new Gossip.SealingStarted(payload.slice(0, Math.min(80, payload.size()))));
      messages.add(
          new Sync.Status(
              Keccak.hash(payload), payload.size(), payload.slice(0, 1), peer.getRef()));
    }
    Files.createDirectories(CORPUS);
    for (final Path old : list(CORPUS)) {
      if (old.getFileName().toString().startsWith("seed-")) {
        Files.delete(old);
      }
    }
    for (int i = 0; i < messages.size(); i++) {
      final Object message = messages.get(i);
      Files.write(
          CORPUS.resolve(String.format("seed-%02d-%s", i, message.getClass().getSimpleName())),
          kryo.toBinary(message));
    }
  }

  private static List<Path> list(final Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
