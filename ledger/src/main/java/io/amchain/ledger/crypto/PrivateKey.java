package io.amchain.ledger.crypto;

import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.UInt256;
import java.security.SecureRandom;
import org.jspecify.annotations.Nullable;

/** A secp256k1 private key: a scalar in [1, n-1]. Its {@link #toString} never shows it. */
public final class PrivateKey {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final UInt256 scalar;

  private PrivateKey(final UInt256 scalar) {
    if (scalar.isZero() || !scalar.lessThan(Secp256k1.N)) {
      throw new IllegalArgumentException("private key out of range [1, n-1]");
    }
    this.scalar = scalar;
  }

  public static PrivateKey of(final UInt256 scalar) {
    return new PrivateKey(scalar);
  }

  public static PrivateKey fromBytes(final Bytes bytes) {
    if (bytes.size() != 32) {
      throw new IllegalArgumentException("a private key is 32 bytes, got " + bytes.size());
    }
    return new PrivateKey(UInt256.fromBytes(bytes));
  }

  public static PrivateKey fromHex(final String hex) {
    return fromBytes(Bytes.fromHex(hex));
  }

  /** A fresh random key. */
  public static PrivateKey generate() {
    while (true) {
      final byte[] candidate = new byte[32];
      RANDOM.nextBytes(candidate);
      final UInt256 scalar = UInt256.fromBytes(Bytes.wrap(candidate));
      if (!scalar.isZero() && scalar.lessThan(Secp256k1.N)) {
        return new PrivateKey(scalar);
      }
    }
  }

  public UInt256 scalar() {
    return scalar;
  }

  public Bytes toBytes() {
    return scalar.toBytes32();
  }

  public PublicKey publicKey() {
    return Secp256k1.get().publicKey(this);
  }

  @Override
  public boolean equals(final @Nullable Object other) {
    return other instanceof PrivateKey that && scalar.equals(that.scalar);
  }

  @Override
  public int hashCode() {
    return scalar.hashCode();
  }

  @Override
  public String toString() {
    return "PrivateKey[hidden]";
  }
}
