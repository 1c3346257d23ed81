package io.amchain.consensus.clique;

import io.amchain.ledger.crypto.InvalidSignatureException;
import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.crypto.Secp256k1;
import io.amchain.ledger.crypto.Signature;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.Keccak;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A signer's signed word that it has started building its block on {@code parent}. Not part of
 * Clique's consensus (headers alone decide which chain wins): a timing hint between AMChain's own
 * signers. The in-turn signer sends it as its build starts; an out-of-turn signer that hears it
 * holds back its competing block ({@link SealingSchedule#yieldsTo(Snapshot, Address,
 * SealingIntent)}), so a slow build under load no longer races the wiggle. Signed, because any
 * cluster member could otherwise silence the out-of-turn signers while the in-turn one is down.
 *
 * <p>The signed digest is Keccak-256 of a domain tag, the parent hash and the number, so an intent
 * signature can never pass for a seal (a seal signs the Keccak-256 of an RLP header).
 */
public record SealingIntent(Hash parent, long number, Signature signature) {
  private static final byte[] DOMAIN =
      "amchain sealing intent v1".getBytes(StandardCharsets.US_ASCII);
  private static final int ENCODED_SIZE = Hash.SIZE + Long.BYTES + 65;

  public static SealingIntent sign(final Hash parent, final long number, final PrivateKey key) {
    return new SealingIntent(parent, number, Secp256k1.get().sign(digest(parent, number), key));
  }

  /** Who signed it, or empty for a signature no key could have made. */
  public Optional<Address> signer() {
    try {
      return Optional.of(Secp256k1.get().recoverAddress(digest(parent, number), signature));
    } catch (InvalidSignatureException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Parent hash, number (8 bytes, big-endian) and the 65-byte signature. */
  public Bytes encoded() {
    return Bytes.wrap(
        ByteBuffer.allocate(ENCODED_SIZE)
            .put(parent.toArray())
            .putLong(number)
            .put(signature.toBytes().toArray())
            .array());
  }

  /**
   * @throws IllegalArgumentException if the bytes are not an encoded intent
   */
  public static SealingIntent decode(final Bytes encoded) {
    if (encoded.size() != ENCODED_SIZE) {
      throw new IllegalArgumentException(
          "a sealing intent has " + ENCODED_SIZE + " bytes, not " + encoded.size());
    }
    final byte[] bytes = encoded.toArray();
    return new SealingIntent(
        Hash.wrap(encoded.slice(0, Hash.SIZE).toArray()),
        ByteBuffer.wrap(bytes, Hash.SIZE, Long.BYTES).getLong(),
        Signature.fromBytes(encoded.slice(Hash.SIZE + Long.BYTES)));
  }

  private static Hash digest(final Hash parent, final long number) {
    return Keccak.hash(
        Bytes.wrap(
            ByteBuffer.allocate(DOMAIN.length + Hash.SIZE + Long.BYTES)
                .put(DOMAIN)
                .put(parent.toArray())
                .putLong(number)
                .array()));
  }
}
