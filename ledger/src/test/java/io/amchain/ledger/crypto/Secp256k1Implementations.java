package io.amchain.ledger.crypto;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Both secp256k1 implementations, for tests that must hold for each. On Linux the bindings carry
 * libsecp256k1, so there the native one must load: a test run that silently lost it would check
 * Bouncy Castle twice.
 */
public final class Secp256k1Implementations {
  private Secp256k1Implementations() {}

  public static List<Secp256k1> all() {
    final List<Secp256k1> all = new ArrayList<>();
    all.add(BouncyCastleSecp256k1.INSTANCE);
    if (nativeExpected()) {
      all.add(NativeSecp256k1.load());
    } else {
      try {
        all.add(NativeSecp256k1.load());
      } catch (IllegalStateException unavailable) {
        // Bouncy Castle alone on platforms the bindings do not cover
      }
    }
    return List.copyOf(all);
  }

  static boolean nativeExpected() {
    return System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux");
  }
}
