package io.amchain.ledger.tx;

import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Fork;

/** The gas a transaction costs before its first instruction runs. */
public final class IntrinsicGas {
  public static final long TX = 21_000;
  public static final long CONTRACT_CREATION = 32_000;
  public static final long ZERO_BYTE = 4;
  public static final long NONZERO_BYTE = 16; // EIP-2028
  public static final long ACCESS_LIST_ADDRESS = 2_400; // EIP-2930
  public static final long ACCESS_LIST_STORAGE_KEY = 1_900;
  public static final long INIT_CODE_WORD = 2; // EIP-3860

  private IntrinsicGas() {}

  public static long of(final Transaction tx, final Fork fork) {
    return of(tx.data(), tx.isContractCreation(), tx.accessList(), fork);
  }

  /** The intrinsic gas of a message with this input, kind and access list (signed or not). */
  public static long of(
      final Bytes data,
      final boolean contractCreation,
      final AccessList accessList,
      final Fork fork) {
    long gas = TX + dataCost(data);
    if (contractCreation) {
      gas += CONTRACT_CREATION;
      if (fork.isAtLeast(Fork.SHANGHAI)) {
        gas += INIT_CODE_WORD * ((data.size() + 31L) / 32);
      }
    }
    gas += ACCESS_LIST_ADDRESS * accessList.entries().size();
    gas += ACCESS_LIST_STORAGE_KEY * accessList.storageKeyCount();
    return gas;
  }

  private static long dataCost(final Bytes data) {
    long cost = 0;
    for (int i = 0; i < data.size(); i++) {
      cost += data.get(i) == 0 ? ZERO_BYTE : NONZERO_BYTE;
    }
    return cost;
  }
}
