package io.amchain.vm;

import io.amchain.ledger.types.Bytes;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The reason in a revert's output, decoded as geth's {@code abi.UnpackRevert} does: Solidity's
 * {@code Error(string)} and {@code Panic(uint256)}.
 */
public final class RevertReason {
  private static final Bytes ERROR_SELECTOR = Bytes.fromHex("0x08c379a0");
  private static final Bytes PANIC_SELECTOR = Bytes.fromHex("0x4e487b71");
  private static final Map<Integer, String> PANICS =
      Map.of(
          0x00, "generic panic",
          0x01, "assert(false)",
          0x11, "arithmetic underflow or overflow",
          0x12, "division or modulo by zero",
          0x21, "enum overflow",
          0x22, "invalid encoded storage byte array accessed",
          0x31, "out-of-bounds array access; popping on an empty array",
          0x32, "out-of-bounds access of an array or bytesN",
          0x41, "out of memory",
          0x51, "uninitialized function");

  private RevertReason() {}

  /** "execution reverted", with ": reason" when the output carries one. */
  public static String message(final Bytes output) {
    return decode(output)
        .map(reason -> "execution reverted: " + reason)
        .orElse("execution reverted");
  }

  public static Optional<String> decode(final Bytes output) {
    if (output.size() < 4) {
      return Optional.empty();
    }
    final Bytes selector = output.slice(0, 4);
    if (selector.equals(ERROR_SELECTOR) && output.size() >= 4 + 64) {
      final BigInteger offset = word(output, 4);
      if (offset.bitLength() > 31 || 4 + offset.intValue() + 32 > output.size()) {
        return Optional.empty();
      }
      final int start = 4 + offset.intValue();
      final BigInteger length = word(output, start);
      if (length.bitLength() > 31 || start + 32 + length.intValue() > output.size()) {
        return Optional.empty();
      }
      final byte[] text = output.slice(start + 32, start + 32 + length.intValue()).toArray();
      return Optional.of(new String(text, StandardCharsets.UTF_8));
    }
    if (selector.equals(PANIC_SELECTOR) && output.size() == 4 + 32) {
      final BigInteger code = word(output, 4);
      final String known = code.bitLength() <= 31 ? PANICS.get(code.intValue()) : null;
      return Optional.of(known != null ? known : "unknown panic code: 0x" + code.toString(16));
    }
    return Optional.empty();
  }

  private static BigInteger word(final Bytes bytes, final int offset) {
    return new BigInteger(1, bytes.slice(offset, offset + 32).toArray());
  }
}
