package io.amchain.vm;

import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;

/**
 * One frame's call: whose code runs ({@code code}, from {@code codeAddress}), in whose storage
 * ({@code recipient}), for whom ({@code caller}), with what value and input and gas.
 */
record Message(
    FrameKind kind,
    Address caller,
    Address recipient,
    Address codeAddress,
    Word value,
    Bytes input,
    long gas,
    int depth,
    boolean isStatic,
    Code code) {}
