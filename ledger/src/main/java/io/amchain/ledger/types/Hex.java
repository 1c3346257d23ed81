package io.amchain.ledger.types;

/** Hex text to bytes and back; every malformed input fails with a message that says why. */
public final class Hex {
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  private Hex() {}

  /** Lower-case hex with a {@code 0x} prefix. */
  public static String encode(final byte[] bytes) {
    final char[] out = new char[2 + bytes.length * 2];
    out[0] = '0';
    out[1] = 'x';
    for (int i = 0; i < bytes.length; i++) {
      out[2 + 2 * i] = DIGITS[(bytes[i] >> 4) & 0xf];
      out[3 + 2 * i] = DIGITS[bytes[i] & 0xf];
    }
    return new String(out);
  }

  /**
   * Decodes hex text, with or without a {@code 0x} prefix. An odd number of digits is rejected:
   * byte strings are never padded silently.
   */
  public static byte[] decode(final String text) {
    final String digits = strip(text);
    if (digits.length() % 2 != 0) {
      throw new IllegalArgumentException(
          "hex string has an odd number of digits (" + digits.length() + "): " + abbreviate(text));
    }
    final byte[] out = new byte[digits.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) ((digit(text, digits, 2 * i) << 4) | digit(text, digits, 2 * i + 1));
    }
    return out;
  }

  /** The text without its {@code 0x}/{@code 0X} prefix, if it has one. */
  public static String strip(final String text) {
    return text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
  }

  private static int digit(final String text, final String digits, final int index) {
    final int value = Character.digit(digits.charAt(index), 16);
    if (value < 0) {
      throw new IllegalArgumentException(
          "invalid hex character '"
              + digits.charAt(index)
              + "' at position "
              + index
              + ": "
              + abbreviate(text));
    }
    return value;
  }

  static String abbreviate(final String text) {
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }
}
