package io.amchain.vm;

import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import java.util.function.LongFunction;

/**
 * The block a transaction runs in, as the EVM sees it. On a Clique chain {@code coinbase} is the
 * signer recovered from the seal, not the header's beneficiary field.
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
    LongFunction<Hash> blockHashes) {}
