package io.amchain.actors.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.esotericsoftware.kryo.KryoException;
import io.amchain.actors.WireMessage;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzz target for the Kryo wire serializer, what reads every frame a peer sends to the Artery port
 * (docs/fuzzing.md). Property: a frame is either refused with a {@link KryoException} (and so
 * counted) or read as a {@link WireMessage} whose fields all hold their declared types; such a
 * message serializes and reads back equal. Never an OutOfMemoryError from a claimed length, a
 * StackOverflowError from nesting, or a NullPointerException. Seeds: {@code
 * KryoSerializerFuzzTestInputs/}, frames of every message type written by {@link
 * WireSeedCorpusTest}.
 */
class KryoSerializerFuzzTest {
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

  @FuzzTest
  void frameIsRefusedOrWellTyped(final byte[] frame) {
    final Object message;
    try {
      message = kryo.fromBinaryJava(frame, null);
    } catch (KryoException refused) {
      return;
    }
    assertInstanceOf(WireMessage.class, message);
    assertEquals(message, kryo.fromBinaryJava(kryo.toBinary(message), null));
  }
}
