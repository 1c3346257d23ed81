package io.amchain.actors.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.amchain.actors.gossip.Gossip;
import io.amchain.actors.sync.Sync;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A frame is read only as one wire message whose fields all hold what they declare. Kryo itself
 * reads any registered class wherever a field's type is an interface, so each of these frames used
 * to be delivered (a bare string, a null field, hashes in a list of byte strings, a null list
 * element as a NullPointerException, trailing bytes ignored); the fuzz target {@code
 * KryoSerializerFuzzTest} asserts the same for every frame.
 */
class WireFrameTypeTest {
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

  private static void assertRefused(final byte[] frame, final String reason) {
    WireFixture.assertRefused(testKit, frame, null, reason);
  }

  @Test
  void aFrameHoldingABareStringIsRefused() {
    assertRefused(kryo.toBinary("pekko://elsewhere/user/x"), "not a wire message");
  }

  @Test
  void aFrameHoldingAByteStringAloneIsRefused() {
    assertRefused(kryo.toBinary(Bytes.fromHex("0x01")), "not a wire message");
  }

  @Test
  void aMissingFieldIsRefused() {
    final TestProbe<Sync.Command> peer = testKit.createTestProbe();
    assertRefused(
        kryo.toBinary(new Sync.Status(null, 1, Bytes.fromHex("0x01"), peer.getRef())),
        "Status.head is missing");
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void aListOfAnotherElementTypeIsRefused() {
    final List hashes = List.of(Hash.ZERO);
    assertRefused(
        kryo.toBinary(WireFixture.newTransactions(testKit, hashes)),
        "NewTransactions.transactions is a");
  }

  @Test
  void aNullListElementIsRefused() {
    final byte[] frame = kryo.toBinary(WireFixture.newTransactions(testKit, List.of(Bytes.EMPTY)));
    // The frame ends with the element: its class id, then its length 0. Class id 0 means null.
    assertEquals(0, frame[frame.length - 1]);
    final byte[] withNull = Arrays.copyOf(frame, frame.length - 1);
    withNull[withNull.length - 1] = 0;
    assertRefused(withNull, "is null");
  }

  @Test
  void bytesAfterTheMessageAreRefused() {
    final byte[] frame = kryo.toBinary(new Gossip.NewBlock(Bytes.fromHex("0xc0")));
    assertRefused(Arrays.copyOf(frame, frame.length + 1), "1 bytes follow the message");
  }

  /** Found by KryoSerializerFuzzTest: a StringIndexOutOfBoundsException before the fix. */
  @Test
  void aFrameNamingAClassIsRefused() {
    assertRefused(
        new byte[] {1, 0x10, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, -1},
        "names a class");
  }

  /**
   * Found by KryoSerializerFuzzTest: a string (class id 3) whose character count overflows to a
   * negative number passed the length check and threw a StringIndexOutOfBoundsException.
   */
  @Test
  void aStringWithANegativeCharacterCountIsRefused() {
    final byte[] frame = new byte[42];
    Arrays.fill(frame, (byte) 0xff);
    frame[0] = 3;
    frame[41] = 0x5b;
    assertRefused(frame, "bytes left in the frame");
  }

  @Test
  void wellTypedMessagesStillRoundTrip() {
    final TestProbe<Sync.Command> peer = testKit.createTestProbe();
    for (final Object message :
        List.of(
            WireFixture.newTransactions(
                testKit, List.of(Bytes.fromHex("0x01"), Bytes.fromHex("0x0203"))),
            new Sync.Status(Hash.ZERO, 7, Bytes.fromHex("0x0e"), peer.getRef()),
            new Sync.Blocks(List.of(), peer.getRef()))) {
      assertEquals(message, kryo.fromBinaryJava(kryo.toBinary(message), null));
    }
  }
}
