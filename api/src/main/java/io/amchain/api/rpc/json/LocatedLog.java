package io.amchain.api.rpc.json;

import io.amchain.ledger.block.Log;
import io.amchain.ledger.types.Hash;

/** A log with where it sits: its block, its transaction, and its index among the block's logs. */
public record LocatedLog(
    Log log,
    Hash blockHash,
    long blockNumber,
    Hash transactionHash,
    int transactionIndex,
    int logIndex,
    boolean removed) {

  /** The same log, reported as gone with its block from the canonical chain. */
  public LocatedLog asRemoved() {
    return new LocatedLog(
        log, blockHash, blockNumber, transactionHash, transactionIndex, logIndex, true);
  }
}
