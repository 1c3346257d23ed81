package io.amchain.api.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import java.math.BigInteger;

/**
 * The execution API's hex encodings, parsed as strictly as geth's {@code hexutil}: quantities are
 * {@code 0x} and minimal hex digits ({@code 0x0} for zero), data is {@code 0x} and an even number
 * of digits. Parse failures throw {@link IllegalArgumentException} with geth's wording; {@link
 * Params} turns them into -32602 for the argument at hand.
 */
public final class HexCodec {
  private HexCodec() {}

  /** A uint64 quantity, such as a block number, nonce or gas amount. */
  public static long parseUint64(final JsonNode node) {
    final BigInteger value = parseQuantity(text(node, "hexutil.Uint64"), 64);
    return value.longValue();
  }

  /** A 256-bit quantity, such as a balance or a value in wei. */
  public static UInt256 parseUInt256(final JsonNode node) {
    return UInt256.of(parseQuantity(text(node, "hexutil.Big"), 256));
  }

  /** Data of any length. */
  public static Bytes parseData(final JsonNode node) {
    return parseData(text(node, "hexutil.Bytes"));
  }

  public static Bytes parseData(final String text) {
    final String digits = withoutPrefix(text);
    if (digits.length() % 2 != 0) {
      throw new IllegalArgumentException("hex string of odd length");
    }
    return Bytes.wrap(decode(digits));
  }

  public static Address parseAddress(final JsonNode node) {
    // Like geth, any letter case is accepted: RPC inputs are not checked against EIP-55.
    return Address.of(fixed(text(node, "common.Address"), Address.SIZE, "common.Address"));
  }

  public static Hash parseHash(final JsonNode node) {
    return Hash.of(fixed(text(node, "common.Hash"), Hash.SIZE, "common.Hash"));
  }

  /** A 32-byte storage slot: any quantity or data of at most 32 bytes, as geth accepts it. */
  public static UInt256 parseSlot(final JsonNode node) {
    final String text = text(node, "common.Hash");
    final String digits = withoutPrefix(text);
    if (digits.length() > 64) {
      throw new IllegalArgumentException("hex string has length " + digits.length() + ", want 64");
    }
    return UInt256.fromBytes(Bytes.wrap(decode(digits.length() % 2 == 0 ? digits : "0" + digits)));
  }

  /** A quantity of at most {@code bits} bits, from its text. */
  public static BigInteger parseQuantity(final String text, final int bits) {
    final String digits = withoutPrefix(text);
    if (digits.isEmpty()) {
      throw new IllegalArgumentException("hex string \"0x\"");
    }
    if (digits.length() > 1 && digits.charAt(0) == '0') {
      throw new IllegalArgumentException("hex number with leading zero digits");
    }
    for (int i = 0; i < digits.length(); i++) {
      hexDigit(digits.charAt(i));
    }
    if (digits.length() > bits / 4) {
      throw new IllegalArgumentException("hex number > " + bits + " bits");
    }
    return new BigInteger(digits, 16);
  }

  /** An unsigned 64-bit quantity. */
  public static String quantity(final long value) {
    return "0x" + Long.toHexString(value);
  }

  public static String quantity(final UInt256 value) {
    return value.toQuantity();
  }

  public static String quantity(final BigInteger value) {
    return "0x" + value.toString(16);
  }

  public static String data(final Bytes bytes) {
    return bytes.toHex();
  }

  private static String text(final JsonNode node, final String goType) {
    if (!node.isTextual()) {
      throw new IllegalArgumentException(
          "json: cannot unmarshal " + jsonKind(node) + " into Go value of type " + goType);
    }
    return node.textValue();
  }

  public static String jsonKind(final JsonNode node) {
    if (node.isNumber()) {
      return "number";
    }
    if (node.isBoolean()) {
      return "bool";
    }
    if (node.isArray()) {
      return "array";
    }
    if (node.isObject()) {
      return "object";
    }
    return node.isNull() ? "null" : "string";
  }

  private static String withoutPrefix(final String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("empty hex string");
    }
    if (!text.startsWith("0x") && !text.startsWith("0X")) {
      throw new IllegalArgumentException("hex string without 0x prefix");
    }
    return text.substring(2);
  }

  private static Bytes fixed(final String text, final int size, final String goType) {
    final String digits = withoutPrefix(text);
    if (digits.length() != size * 2) {
      throw new IllegalArgumentException(
          "hex string has length " + digits.length() + ", want " + size * 2 + " for " + goType);
    }
    return Bytes.wrap(decode(digits));
  }

  private static byte[] decode(final String digits) {
    final byte[] out = new byte[digits.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) (hexDigit(digits.charAt(2 * i)) << 4 | hexDigit(digits.charAt(2 * i + 1)));
    }
    return out;
  }

  /**
   * The value of an ASCII hex digit. Not {@link Character#digit}, which also takes the digits of
   * other scripts (Arabic-Indic, fullwidth, ...) that no Ethereum client accepts.
   */
  public static int hexDigit(final char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    throw new IllegalArgumentException("invalid hex string");
  }
}
