package io.amchain.consensus.clique;

import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.cache.LruCache;
import io.amchain.ledger.crypto.InvalidSignatureException;
import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.crypto.Secp256k1;
import io.amchain.ledger.crypto.Signature;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The constants of EIP-225 and the header operations everything else builds on: the layout of
 * extraData, the seal hash, sealing and recovering the sealer.
 */
public final class Clique {
  /** Bytes of free-form vanity at the start of extraData. */
  public static final int EXTRA_VANITY = 32;

  /** Bytes of the r ‖ s ‖ v seal at the end of extraData. */
  public static final int EXTRA_SEAL = 65;

  /** Nonce of a vote to add the coinbase as a signer. */
  public static final Bytes NONCE_AUTH = Bytes.fromHex("0xffffffffffffffff");

  /** Nonce of a vote to drop the coinbase, and of every block that casts no vote. */
  public static final Bytes NONCE_DROP = Bytes.fromHex("0x0000000000000000");

  /** Difficulty of a block sealed by the signer whose turn it is. */
  public static final UInt256 DIFF_IN_TURN = UInt256.of(2);

  /** Difficulty of a block sealed out of turn. */
  public static final UInt256 DIFF_NO_TURN = UInt256.ONE;

  /** Per-signer step of the random delay before publishing an out-of-turn block. */
  public static final long WIGGLE_MILLIS = 500;

  private static final int RECOVERY_CACHE_SIZE = 4096;

  /** Sealers recovered so far, by block hash: the same header is verified many times. */
  private static final LruCache<Hash, Address> SIGNERS = new LruCache<>(RECOVERY_CACHE_SIZE);

  private Clique() {}

  /**
   * keccak256 of the header's RLP with the last 65 bytes of extraData cut off: what a signer signs.
   * baseFee is part of it when the header has one.
   */
  public static Hash sealHash(final BlockHeader header) {
    final Bytes extra = header.extraData();
    if (extra.size() < EXTRA_SEAL) {
      throw new CliqueException(CliqueError.MISSING_SIGNATURE);
    }
    return header.toBuilder().extraData(extra.slice(0, extra.size() - EXTRA_SEAL)).build().hash();
  }

  /** The header with its seal: the signature of its seal hash in the last 65 bytes of extra. */
  public static BlockHeader seal(final BlockHeader header, final PrivateKey key) {
    final Bytes extra = header.extraData();
    final Signature signature = Secp256k1.get().sign(sealHash(header), key);
    final Bytes sealed = extra.slice(0, extra.size() - EXTRA_SEAL).concat(signature.toBytes());
    return header.toBuilder().extraData(sealed).build();
  }

  /**
   * The address that sealed the header. A high s is accepted, as geth accepts it, so that every
   * chain geth verified verifies here; recovery ids 2 and 3 (possible only when r exceeds the group
   * order, odds about 2^-127) are refused.
   */
  public static Address signer(final BlockHeader header) {
    final Hash hash = header.hash();
    final Address cached = SIGNERS.get(hash);
    if (cached != null) {
      return cached;
    }
    final Bytes extra = header.extraData();
    if (extra.size() < EXTRA_SEAL) {
      throw new CliqueException(CliqueError.MISSING_SIGNATURE);
    }
    final Bytes seal = extra.slice(extra.size() - EXTRA_SEAL);
    final int v = seal.unsigned(64);
    if (v > 1) {
      throw new CliqueException(CliqueError.INVALID_SIGNATURE, "recovery id " + v);
    }
    final Address signer;
    try {
      signer = Secp256k1.get().recoverAddress(sealHash(header), Signature.fromBytes(seal));
    } catch (InvalidSignatureException | IllegalArgumentException e) {
      throw new CliqueException(CliqueError.INVALID_SIGNATURE, String.valueOf(e.getMessage()));
    }
    SIGNERS.put(hash, signer);
    return signer;
  }

  public static boolean isCheckpoint(final long number, final long epoch) {
    return number % epoch == 0;
  }

  /** The signer list a checkpoint header carries between vanity and seal. */
  public static List<Address> checkpointSigners(final BlockHeader header) {
    final Bytes extra = header.extraData();
    final int length = extra.size() - EXTRA_VANITY - EXTRA_SEAL;
    if (length < 0 || length % Address.SIZE != 0) {
      throw new CliqueException(CliqueError.INVALID_CHECKPOINT_SIGNERS);
    }
    final List<Address> signers = new ArrayList<>(length / Address.SIZE);
    for (int offset = EXTRA_VANITY; offset < EXTRA_VANITY + length; offset += Address.SIZE) {
      signers.add(Address.of(extra.slice(offset, offset + Address.SIZE)));
    }
    return signers;
  }

  /**
   * extraData for a header: 32 bytes of vanity, the sorted signers (checkpoints), an empty seal.
   */
  public static Bytes extraData(final Bytes vanity, final Collection<Address> signers) {
    Bytes extra =
        vanity.size() >= EXTRA_VANITY
            ? vanity.slice(0, EXTRA_VANITY)
            : Bytes.wrap(java.util.Arrays.copyOf(vanity.toArray(), EXTRA_VANITY));
    for (final Address signer : signers.stream().sorted().toList()) {
      extra = extra.concat(signer.bytes());
    }
    return extra.concat(Bytes.wrap(new byte[EXTRA_SEAL]));
  }
}
