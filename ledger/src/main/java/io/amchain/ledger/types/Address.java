package io.amchain.ledger.types;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A 20-byte account address. Printed with the EIP-55 mixed-case checksum; mixed-case input must
 * carry a correct checksum, all-lower or all-upper input is taken as it is (as geth and ethers do).
 */
public final class Address implements Comparable<Address> {
  public static final int SIZE = 20;
  public static final Address ZERO = new Address(Bytes.wrap(new byte[SIZE]));

  private final Bytes bytes;

  private Address(final Bytes bytes) {
    this.bytes = bytes;
  }

  public static Address of(final Bytes bytes) {
    if (bytes.size() != SIZE) {
      throw new IllegalArgumentException(
          "an address is " + SIZE + " bytes, got " + bytes.size() + ": " + bytes);
    }
    return new Address(bytes);
  }

  /** The address at word-aligned position: the low 20 bytes of a 32-byte value. */
  public static Address fromWord(final Bytes word) {
    return of(word.slice(word.size() - SIZE));
  }

  public static Address fromHex(final String text) {
    final String digits = Hex.strip(text);
    final Address address = of(Bytes.fromHex(digits));
    final boolean mixedCase =
        !digits.equals(digits.toLowerCase(java.util.Locale.ROOT))
            && !digits.equals(digits.toUpperCase(java.util.Locale.ROOT));
    if (mixedCase && !address.toChecksumHex().substring(2).equals(digits)) {
      throw new IllegalArgumentException("bad EIP-55 address checksum: " + text);
    }
    return address;
  }

  public Bytes bytes() {
    return bytes;
  }

  public byte[] toArray() {
    return bytes.toArray();
  }

  /** Lower-case hex, the form JSON-RPC uses in most places. */
  public String toHex() {
    return bytes.toHex();
  }

  /** EIP-55: a hex digit is upper case where the matching nibble of keccak(lower hex) is >= 8. */
  public String toChecksumHex() {
    final String lower = bytes.toHex().substring(2);
    final byte[] hash = Keccak.hash(lower.getBytes(StandardCharsets.US_ASCII)).toArray();
    final StringBuilder out = new StringBuilder("0x");
    for (int i = 0; i < lower.length(); i++) {
      final int nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xf;
      final char c = lower.charAt(i);
      out.append(nibble >= 8 ? Character.toUpperCase(c) : c);
    }
    return out.toString();
  }

  @Override
  public boolean equals(final @Nullable Object other) {
    return other instanceof Address that && bytes.equals(that.bytes);
  }

  @Override
  public int hashCode() {
    return bytes.hashCode();
  }

  /** Unsigned byte order: the order Clique sorts signers in. */
  @Override
  public int compareTo(final Address other) {
    return bytes.compareTo(other.bytes);
  }

  @Override
  public String toString() {
    return toChecksumHex();
  }
}
