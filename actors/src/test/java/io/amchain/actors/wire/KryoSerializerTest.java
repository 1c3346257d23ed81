package io.amchain.actors.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.amchain.actors.WireMessage;
import io.amchain.actors.gossip.Gossip;
import io.amchain.actors.sync.Sync;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The wire serializer as the actor system binds it: every wire message round-trips through Kryo.
 */
class KryoSerializerTest {
  private static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /** A wire message nobody registered: the serializer must refuse it. */
  record Unregistered(long value) implements WireMessage {}

  @Test
  void wireMessagesRoundTripThroughKryoAndUnregisteredOnesAreRefused() {
    final Serialization serialization = SerializationExtension.get(testKit.system());
    final TestProbe<Sync.Command> peer = testKit.createTestProbe();
    final List<Object> messages =
        List.of(
            new Gossip.NewBlock(Bytes.fromHex("0xc0ffee")),
            new Gossip.NewTransactions(List.of(Bytes.fromHex("0x01"), Bytes.fromHex("0x0203"))),
            new Gossip.SealingStarted(Bytes.fromHex("0x5ea1")),
            new Sync.GetStatus(peer.getRef()),
            new Sync.Status(Hash.ZERO, 7, Bytes.fromHex("0x0e"), peer.getRef()),
            new Sync.GetBlocks(1, 128, peer.getRef()),
            new Sync.Blocks(List.of(Bytes.fromHex("0xc0")), peer.getRef()));
    for (final Object message : messages) {
      final Serializer serializer = serialization.findSerializerFor(message);
      assertInstanceOf(KryoSerializer.class, serializer, message.getClass().getName());
      final byte[] bytes = serialization.serialize(message).get();
      assertEquals(message, serialization.deserialize(bytes, serializer.identifier(), "").get());
    }
    assertTrue(serialization.serialize(new Unregistered(1)).isFailure());
  }
}
