package io.amchain.ledger.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class Secp256k1SelectionTest {
  @Test
  void theProcessUsesWhatThePropertyAsksForAndNativeByDefaultOnLinux() {
    final String forced = System.getProperty(Secp256k1Selection.PROPERTY);
    final String expected =
        "bc".equals(forced)
            ? "BouncyCastleSecp256k1"
            : "native".equals(forced) || Secp256k1Implementations.nativeExpected()
                ? "NativeSecp256k1"
                : "BouncyCastleSecp256k1";
    assertEquals(expected, Secp256k1.get().getClass().getSimpleName());
    assertSame(Secp256k1.get(), Secp256k1.get());
  }

  @Test
  void eachChoiceSelectsItsImplementation() {
    assertSame(BouncyCastleSecp256k1.INSTANCE, Secp256k1Selection.select("bc"));
    if (Secp256k1Implementations.nativeExpected()) {
      assertEquals(NativeSecp256k1.class, Secp256k1Selection.select("native").getClass());
      assertEquals(NativeSecp256k1.class, Secp256k1Selection.select(null).getClass());
    }
    final IllegalArgumentException thrown =
        assertThrows(IllegalArgumentException.class, () -> Secp256k1Selection.select("openssl"));
    assertEquals("-Damchain.secp256k1 must be bc or native, got \"openssl\"", thrown.getMessage());
  }
}
