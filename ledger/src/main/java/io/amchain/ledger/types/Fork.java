package io.amchain.ledger.types;

import java.util.Locale;

/**
 * The Ethereum protocol upgrades whose rules AMChain can apply, oldest first. The chain itself runs
 * the Cancun instruction set; older forks exist so that official test vectors can be checked.
 */
public enum Fork {
  BERLIN,
  LONDON,
  PARIS,
  SHANGHAI,
  CANCUN;

  public boolean isAtLeast(final Fork other) {
    return compareTo(other) >= 0;
  }

  /** Parses a fork name as the test vectors and geth spell it ("Merge" is Paris). */
  public static Fork parse(final String name) {
    final String upper = name.trim().toUpperCase(Locale.ROOT);
    if (upper.equals("MERGE")) {
      return PARIS;
    }
    try {
      return valueOf(upper);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown fork '" + name + "' (known: Berlin, London, Paris/Merge, Shanghai, Cancun)", e);
    }
  }

  /** The name as test vectors write it. */
  public String displayName() {
    return name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
  }
}
