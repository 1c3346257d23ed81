package io.amchain.ledger.crypto;

import java.util.ArrayList;
import java.util.List;

/**
 * A BIP-32 path from the master key, such as {@code m/44'/60'/0'/0/3}: child numbers as unsigned
 * 32-bit ints, hardened ones at {@link #HARDENED} and above. {@code '}, {@code h} and {@code H} all
 * mark a hardened step.
 */
public record DerivationPath(List<Integer> childNumbers) {
  /** The first hardened child number, 2^31. */
  public static final int HARDENED = 0x8000_0000;

  private static final long HARDENED_LONG = 1L << 31;

  public DerivationPath {
    childNumbers = List.copyOf(childNumbers);
  }

  /**
   * Parses {@code m} followed by {@code /index} steps.
   *
   * @throws DerivationPathException naming the step that is wrong
   */
  public static DerivationPath parse(final String path) {
    final String[] parts = path.trim().split("/", -1);
    if (!parts[0].equals("m")) {
      throw new DerivationPathException(path, "it must start with \"m\" (the master key)");
    }
    final List<Integer> numbers = new ArrayList<>();
    for (int i = 1; i < parts.length; i++) {
      numbers.add(childNumber(path, parts[i]));
    }
    return new DerivationPath(numbers);
  }

  private static int childNumber(final String path, final String step) {
    final boolean hardened = step.endsWith("'") || step.endsWith("h") || step.endsWith("H");
    final String digits = hardened ? step.substring(0, step.length() - 1) : step;
    if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new DerivationPathException(path, "step \"" + step + "\" is not an index");
    }
    final long index = digits.length() > 10 ? Long.MAX_VALUE : Long.parseLong(digits);
    if (index >= HARDENED_LONG) {
      throw new DerivationPathException(
          path, "step \"" + step + "\" is above the largest index " + (HARDENED_LONG - 1));
    }
    return hardened ? (int) index | HARDENED : (int) index;
  }

  /** The path with one more step. */
  public DerivationPath child(final int childNumber) {
    final List<Integer> numbers = new ArrayList<>(childNumbers);
    numbers.add(childNumber);
    return new DerivationPath(numbers);
  }

  /** Whether a child number is a hardened one. */
  public static boolean isHardened(final int childNumber) {
    return (childNumber & HARDENED) != 0;
  }

  @Override
  public String toString() {
    final StringBuilder out = new StringBuilder("m");
    for (final int number : childNumbers) {
      out.append('/').append(number & ~HARDENED).append(isHardened(number) ? "'" : "");
    }
    return out.toString();
  }
}
