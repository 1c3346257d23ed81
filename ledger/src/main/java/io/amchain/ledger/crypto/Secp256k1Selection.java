package io.amchain.ledger.crypto;

import org.jspecify.annotations.Nullable;

/**
 * The one place that decides which {@link Secp256k1} the process uses: native libsecp256k1 when it
 * loads here, else Bouncy Castle, unless the system property {@value #PROPERTY} forces one. Decided
 * once, at first use, so that every caller in the process gets the same answers.
 */
final class Secp256k1Selection {
  /** The system property that forces an implementation: {@code bc} or {@code native}. */
  static final String PROPERTY = "amchain.secp256k1";

  static final Secp256k1 IN_USE = select(System.getProperty(PROPERTY));

  private Secp256k1Selection() {}

  /**
   * The implementation for a value of {@value #PROPERTY}.
   *
   * @throws IllegalStateException for {@code native} where libsecp256k1 does not load: a forced
   *     choice is not silently replaced
   * @throws IllegalArgumentException for any value other than {@code bc}, {@code native} or none
   */
  static Secp256k1 select(final @Nullable String choice) {
    if (choice == null || choice.isBlank()) {
      try {
        return NativeSecp256k1.load();
      } catch (IllegalStateException unavailable) {
        return BouncyCastleSecp256k1.INSTANCE;
      }
    }
    return switch (choice.trim()) {
      case "bc" -> BouncyCastleSecp256k1.INSTANCE;
      case "native" -> NativeSecp256k1.load();
      default ->
          throw new IllegalArgumentException(
              "-D" + PROPERTY + " must be bc or native, got \"" + choice + "\"");
    };
  }
}
