package io.amchain.actors.wire;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.KryoException;
import io.amchain.actors.gossip.Gossip;
import io.amchain.ledger.types.Bytes;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializationExtension;
import org.jspecify.annotations.Nullable;

/** The wire tests' one way to reach the node's Kryo serializer and to see a frame refused. */
final class WireFixture {
  private WireFixture() {}

  /** The serializer the actor system binds to wire messages. */
  static KryoSerializer kryo(final ActorTestKit testKit) {
    return assertInstanceOf(
        KryoSerializer.class,
        SerializationExtension.get(testKit.system())
            .findSerializerFor(new Gossip.NewBlock(Bytes.fromHex("0x00"))));
  }

  /** A gossip batch of {@code transactions}, acknowledged to a probe of {@code testKit}. */
  static Gossip.NewTransactions newTransactions(
      final ActorTestKit testKit, final List<Bytes> transactions) {
    return new Gossip.NewTransactions(
        testKit.<Gossip.Command>createTestProbe().getRef(), 1, transactions);
  }

  /**
   * Reads {@code frame} (as {@code manifest}, or as whatever it names when null) and asserts that
   * it is refused with {@code reason} and that the refusal is published for the metrics.
   */
  static void assertRefused(
      final ActorTestKit testKit,
      final byte[] frame,
      final @Nullable Class<?> manifest,
      final String reason) {
    final TestProbe<KryoSerializer.Refused> refusals = testKit.createTestProbe();
    // The classic event stream subscribes at once; the typed Subscribe message would race the
    // publication below.
    testKit
        .system()
        .classicSystem()
        .eventStream()
        .subscribe(Adapter.toClassic(refusals.getRef()), KryoSerializer.Refused.class);
    final KryoSerializer kryo = kryo(testKit);
    final KryoException refused =
        assertThrows(KryoException.class, () -> kryo.fromBinaryJava(frame, manifest));
    assertTrue(refused.getMessage().contains(reason), refused.getMessage());
    assertTrue(
        refusals.receiveMessage(Duration.ofSeconds(5)).reason().contains(reason),
        "the refusal is published");
  }
}
