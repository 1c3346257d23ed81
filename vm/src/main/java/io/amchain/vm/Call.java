package io.amchain.vm;

import io.amchain.ledger.tx.AccessList;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.UInt256;
import org.jspecify.annotations.Nullable;

/**
 * An unsigned message to simulate, as {@code eth_call} and {@code eth_estimateGas} send one: any
 * sender, no signature, the sender's current nonce, and a gas price already resolved from the
 * request's fee fields ({@link UInt256#ZERO} means the caller pays nothing for gas).
 *
 * @param to the recipient; null to run {@code data} as init code
 */
public record Call(
    Address from,
    @Nullable Address to,
    long gas,
    UInt256 gasPrice,
    UInt256 value,
    Bytes data,
    AccessList accessList) {}
