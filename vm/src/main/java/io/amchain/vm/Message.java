package io.amchain.vm;

import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;

/**
 * One frame's call: whose code runs ({@code code}, from {@code codeAddress}), in whose storage
 * ({@code recipient}), for whom ({@code caller}), with what value and input and gas.
 */
record Message(
    Kind kind,
    Address caller,
    Address recipient,
    Address codeAddress,
    Word value,
    Bytes input,
    long gas,
    int depth,
    boolean isStatic,
    Code code) {

  enum Kind {
    CALL,
    CALLCODE,
    DELEGATECALL,
    STATICCALL,
    CREATE,
    CREATE2
  }
}
