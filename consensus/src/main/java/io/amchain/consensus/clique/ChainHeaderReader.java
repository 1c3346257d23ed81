package io.amchain.consensus.clique;

import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.types.Hash;
import org.jspecify.annotations.Nullable;

/** The one thing Clique needs from a chain: headers by hash (as geth's ChainHeaderReader). */
@FunctionalInterface
public interface ChainHeaderReader {
  @Nullable BlockHeader header(Hash hash);
}
