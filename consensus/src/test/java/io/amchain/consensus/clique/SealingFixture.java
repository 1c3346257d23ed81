package io.amchain.consensus.clique;

import io.amchain.ledger.block.Block;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.block.FeeMarket;
import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.UInt256;
import java.util.Collection;
import java.util.List;

/**
 * Clique headers and blocks as a signer makes them, for the tests of every module (consensus's
 * test-jar carries it to actors, api and node): one header template and one seal.
 */
public final class SealingFixture {
  private SealingFixture() {}

  /** Extra data with an empty vanity that lists {@code signers}, as a genesis or checkpoint has. */
  public static Bytes extraData(final Collection<Address> signers) {
    return Clique.extraData(Bytes.wrap(new byte[Clique.EXTRA_VANITY]), signers);
  }

  /**
   * A London genesis that lists {@code signers}: difficulty 1, a 30M gas limit, the initial base
   * fee, time 0 unless the test sets it.
   */
  public static BlockHeader.Builder genesis(final Collection<Address> signers) {
    return BlockHeader.builder()
        .extraData(extraData(signers))
        .difficulty(Clique.DIFF_NO_TURN)
        .gasLimit(30_000_000)
        .baseFee(FeeMarket.INITIAL_BASE_FEE);
  }

  /**
   * The child of {@code parent} a signer fills and seals: the next number, one second later, the
   * parent's gas limit, the next base fee, {@code difficulty} ({@link Clique#DIFF_IN_TURN} or
   * {@link Clique#DIFF_NO_TURN}), no vote, and extra data with an empty vanity and room for the
   * seal. Tests change what they test on the builder.
   */
  public static BlockHeader.Builder child(final BlockHeader parent, final UInt256 difficulty) {
    return BlockHeader.builder()
        .parentHash(parent.hash())
        .number(parent.number() + 1)
        .timestamp(parent.timestamp() + 1)
        .gasLimit(parent.gasLimit())
        .baseFee(FeeMarket.nextBaseFee(parent))
        .difficulty(difficulty)
        .extraData(extraData(List.of()));
  }

  /** The in-turn difficulty when {@code inTurn}, else the out-of-turn one. */
  public static UInt256 difficulty(final boolean inTurn) {
    return inTurn ? Clique.DIFF_IN_TURN : Clique.DIFF_NO_TURN;
  }

  /** {@code header} carrying a vote to add ({@code authorize}) or drop {@code address}. */
  public static BlockHeader.Builder vote(
      final BlockHeader.Builder header, final Address address, final boolean authorize) {
    return header.coinbase(address).nonce(authorize ? Clique.NONCE_AUTH : Clique.NONCE_DROP);
  }

  /** {@code unsealed} with its header sealed by {@code signer}. */
  public static Block seal(final Block unsealed, final PrivateKey signer) {
    return new Block(
        Clique.seal(unsealed.header(), signer), unsealed.transactions(), unsealed.ommers());
  }
}
