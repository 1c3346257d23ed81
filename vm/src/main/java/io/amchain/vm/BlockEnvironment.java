package io.amchain.vm;

import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import java.util.Objects;
import java.util.function.LongFunction;

/**
 * The block a transaction runs in, as the EVM sees it. On a Clique chain {@code coinbase} is the
 * signer recovered from the seal, not the header's beneficiary field.
 *
 * <p>The chain's blocks get theirs from a header ({@link #of}); the canonical constructor is for
 * environments no header describes, such as a state test vector's {@code env}.
 */
public record BlockEnvironment(
    Address coinbase,
    long number,
    long timestamp,
    long gasLimit,
    UInt256 baseFee,
    Word prevRandao,
    long chainId,
    UInt256 blobBaseFee,
    LongFunction<Hash> blockHashes) {

  /**
   * Blob gas is never used on a Clique chain (headers carry no excess blob gas), so BLOBBASEFEE
   * reads the minimum, EIP-4844's price at zero excess.
   */
  private static final UInt256 MIN_BLOB_BASE_FEE = UInt256.ONE;

  /**
   * The environment of the block {@code header} describes: its number, timestamp, gas limit, base
   * fee (0 before London) and mix hash as PREVRANDAO.
   *
   * @param author who receives the tips: on Clique, the block's signer
   * @param blockHashes the canonical hash of an earlier block number, for BLOCKHASH
   */
  public static BlockEnvironment of(
      final BlockHeader header,
      final Address author,
      final long chainId,
      final LongFunction<Hash> blockHashes) {
    return new BlockEnvironment(
        author,
        header.number(),
        header.timestamp(),
        header.gasLimit(),
        Objects.requireNonNullElse(header.baseFee(), UInt256.ZERO),
        Word.of(header.mixHash()),
        chainId,
        MIN_BLOB_BASE_FEE,
        blockHashes);
  }

  /** The same block with another base fee: a call that pays nothing runs at 0, as geth's does. */
  public BlockEnvironment withBaseFee(final UInt256 fee) {
    return new BlockEnvironment(
        coinbase, number, timestamp, gasLimit, fee, prevRandao, chainId, blobBaseFee, blockHashes);
  }
}
