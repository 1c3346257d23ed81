package io.amchain.ledger.crypto;

import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.UInt256;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * A BIP-32 extended private key on secp256k1: a private key, its chain code and where it sits in
 * the tree. Immutable; {@link #toString} shows the path, never the key.
 */
public final class HdKey {
  private static final byte[] MASTER_HMAC_KEY = "Bitcoin seed".getBytes(StandardCharsets.US_ASCII);
  private static final BigInteger ORDER = Secp256k1.N.toBigInteger();

  private final PrivateKey privateKey;
  private final Bytes chainCode;
  private final DerivationPath path;

  private HdKey(final PrivateKey privateKey, final Bytes chainCode, final DerivationPath path) {
    this.privateKey = privateKey;
    this.chainCode = chainCode;
    this.path = path;
  }

  /**
   * The master key of a seed of 16 to 64 bytes: HMAC-SHA512 keyed with "Bitcoin seed".
   *
   * @throws IllegalArgumentException for a seed of another length, or (with probability below
   *     2^-127) one whose master key is out of range, which BIP-32 declares invalid
   */
  public static HdKey master(final Bytes seed) {
    if (seed.size() < 16 || seed.size() > 64) {
      throw new IllegalArgumentException(
          "a BIP-32 seed is 16 to 64 bytes, got " + seed.size() + " bytes");
    }
    final Bytes digest = hmacSha512(MASTER_HMAC_KEY, seed);
    final BigInteger key = new BigInteger(1, digest.slice(0, 32).toArray());
    if (key.signum() == 0 || key.compareTo(ORDER) >= 0) {
      throw new IllegalArgumentException("the seed gives an invalid master key; use another seed");
    }
    return new HdKey(
        PrivateKey.of(UInt256.of(key)), digest.slice(32), new DerivationPath(List.of()));
  }

  /** The key at {@code path} under the master key of {@code seed}. */
  public static HdKey fromSeed(final Bytes seed, final DerivationPath path) {
    return master(seed).derive(path);
  }

  /**
   * The child with the given number: hardened (from the private key) at {@link
   * DerivationPath#HARDENED} and above, normal (from the public key) below.
   *
   * @throws IllegalStateException with probability below 2^-127, for a child number BIP-32 declares
   *     invalid; the caller then uses the next number
   */
  public HdKey child(final int childNumber) {
    final Bytes data =
        DerivationPath.isHardened(childNumber)
            ? Bytes.of((byte) 0).concat(privateKey.toBytes())
            : privateKey.publicKey().compressed();
    final Bytes digest =
        hmacSha512(
            chainCode.toArray(),
            data.concat(Bytes.wrap(ByteBuffer.allocate(4).putInt(childNumber).array())));
    final BigInteger tweak = new BigInteger(1, digest.slice(0, 32).toArray());
    final BigInteger key = tweak.add(privateKey.scalar().toBigInteger()).mod(ORDER);
    if (tweak.compareTo(ORDER) >= 0 || key.signum() == 0) {
      throw new IllegalStateException(
          "child " + path.child(childNumber) + " is invalid under BIP-32; use the next index");
    }
    return new HdKey(PrivateKey.of(UInt256.of(key)), digest.slice(32), path.child(childNumber));
  }

  /**
   * The key at an absolute path; only the master key has one.
   *
   * @throws IllegalStateException if this is not the master key
   */
  public HdKey derive(final DerivationPath target) {
    if (!path.childNumbers().isEmpty()) {
      throw new IllegalStateException(
          "path " + target + " starts at the master key, and this key is " + path);
    }
    HdKey key = this;
    for (final int childNumber : target.childNumbers()) {
      key = key.child(childNumber);
    }
    return key;
  }

  /**
   * The key at a path such as {@code m/44'/60'/0'/0/3}.
   *
   * @throws DerivationPathException if the path cannot be parsed
   */
  public HdKey derive(final String target) {
    return derive(DerivationPath.parse(target));
  }

  public PrivateKey privateKey() {
    return privateKey;
  }

  public Bytes chainCode() {
    return chainCode;
  }

  /** Where this key sits under its master key. */
  public DerivationPath path() {
    return path;
  }

  @Override
  public String toString() {
    return "HdKey[" + path + "]";
  }

  private static Bytes hmacSha512(final byte[] key, final Bytes data) {
    final HMac hmac = new HMac(new SHA512Digest());
    hmac.init(new KeyParameter(key));
    final byte[] input = data.toArray();
    hmac.update(input, 0, input.length);
    final byte[] out = new byte[hmac.getMacSize()];
    hmac.doFinal(out, 0);
    return Bytes.wrap(out);
  }
}
