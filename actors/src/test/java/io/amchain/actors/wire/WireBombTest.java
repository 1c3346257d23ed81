package io.amchain.actors.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.amchain.actors.gossip.Gossip;
import io.amchain.actors.sync.Sync;
import io.amchain.ledger.types.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Frames that claim more than they hold: each is refused before anything of the claimed size is
 * allocated (without the bounds, each of these makes the JVM try to allocate about 2 GiB), and the
 * refusal is published for the node's metrics.
 */
class WireBombTest {
  /** 2^31 - 1 as Kryo's positive varint. */
  private static final byte[] HUGE = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07};

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

  /** The frame of {@code message} with the first {@code what} after its first byte replaced. */
  private static byte[] patched(final Object message, final byte[] what, final byte[] with) {
    final byte[] frame = kryo.toBinary(message);
    for (int i = 1; i + what.length <= frame.length; i++) {
      if (Arrays.equals(frame, i, i + what.length, what, 0, what.length)) {
        final byte[] out = new byte[frame.length - what.length + with.length];
        System.arraycopy(frame, 0, out, 0, i);
        System.arraycopy(with, 0, out, i, with.length);
        System.arraycopy(
            frame, i + what.length, out, i + with.length, frame.length - i - what.length);
        return out;
      }
    }
    throw new AssertionError("pattern not in the frame");
  }

  private static void assertRefused(final byte[] frame) {
    WireFixture.assertRefused(testKit, frame, Gossip.NewBlock.class, "bytes left in the frame");
  }

  @Test
  void aByteStringLongerThanItsFrameIsRefused() {
    final byte[] payload = {(byte) 0xc0, (byte) 0xff, (byte) 0xee};
    assertRefused(
        patched(
            new Gossip.NewBlock(Bytes.wrap(payload)),
            new byte[] {3, (byte) 0xc0, (byte) 0xff, (byte) 0xee},
            concat(HUGE, payload)));
  }

  @Test
  void aListLongerThanItsFrameIsRefused() {
    final byte[] frame =
        kryo.toBinary(WireFixture.newTransactions(testKit, List.of(Bytes.fromHex("0xabcdef01"))));
    // The frame ends with the list's size (1), its element's class id, length (4) and bytes.
    final int size = frame.length - 7;
    assertEquals(1, frame[size]);
    assertEquals(4, frame[frame.length - 5]);
    final byte[] bomb = new byte[frame.length - 1 + HUGE.length];
    System.arraycopy(frame, 0, bomb, 0, size);
    System.arraycopy(HUGE, 0, bomb, size, HUGE.length);
    System.arraycopy(frame, size + 1, bomb, size + HUGE.length, frame.length - size - 1);
    assertRefused(bomb);
  }

  @Test
  void aStringLongerThanItsFrameIsRefused() {
    final TestProbe<Sync.Command> peer = testKit.createTestProbe();
    final byte[] frame = kryo.toBinary(new Sync.GetStatus(peer.getRef()));
    // The actor path (over 32 characters) is written as its character count + 1, in a varint whose
    // first byte is flagged with 0x80, then its UTF-8 bytes: claim 2^27 characters instead.
    final byte[] scheme = "pekko:".getBytes(StandardCharsets.US_ASCII);
    int start = -1;
    for (int i = 0; i + scheme.length <= frame.length && start < 0; i++) {
      if (Arrays.equals(frame, i, i + scheme.length, scheme, 0, scheme.length)) {
        start = i;
      }
    }
    assertTrue(start > 1, "the actor path in the frame");
    final int count = (frame[start - 1] & 0x80) != 0 ? start - 1 : start - 2;
    assertTrue((frame[count] & 0x80) != 0, "a flagged character count before the path");
    final byte[] claimed = {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f};
    final byte[] bomb = new byte[count + claimed.length + frame.length - start];
    System.arraycopy(frame, 0, bomb, 0, count);
    System.arraycopy(claimed, 0, bomb, count, claimed.length);
    System.arraycopy(frame, start, bomb, count + claimed.length, frame.length - start);
    assertRefused(bomb);
  }

  @Test
  void wellFormedMessagesStillRoundTrip() {
    final Gossip.NewTransactions message =
        WireFixture.newTransactions(
            testKit, List.of(Bytes.fromHex("0x01"), Bytes.fromHex("0x0203")));
    assertEquals(
        message, kryo.fromBinaryJava(kryo.toBinary(message), Gossip.NewTransactions.class));
  }

  private static byte[] concat(final byte[] a, final byte[] b) {
    final byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
