package io.amchain.vm;

/** Gas constants of the Yellow Paper and the EIPs since, each named for what it prices. */
final class Gas {
  static final long ZERO = 0;
  static final long BASE = 2;
  static final long VERY_LOW = 3;
  static final long LOW = 5;
  static final long MID = 8;
  static final long HIGH = 10;
  static final long JUMPDEST = 1;

  static final long WARM_ACCESS = 100; // EIP-2929
  static final long COLD_ACCOUNT_ACCESS = 2_600;
  static final long COLD_SLOAD = 2_100;
  static final long SSTORE_SET = 20_000;
  static final long SSTORE_RESET = 5_000 - COLD_SLOAD;
  static final long SSTORE_CLEARS_REFUND = 4_800; // EIP-3529
  static final long SSTORE_SENTRY = 2_300; // EIP-2200: no SSTORE with this little gas left
  static final long CALL_VALUE = 9_000;
  static final long CALL_STIPEND = 2_300;
  static final long NEW_ACCOUNT = 25_000;
  static final long COPY_WORD = 3;
  static final long KECCAK_WORD = 6;
  static final long EXP_BYTE = 50; // EIP-160
  static final long LOG_TOPIC = 375;
  static final long LOG_BYTE = 8;
  static final long MEMORY_WORD = 3;
  static final long QUADRATIC_DIVISOR = 512;
  static final long CODE_DEPOSIT_BYTE = 200;
  static final long INIT_CODE_WORD = 2; // EIP-3860
  static final long SELFDESTRUCT_NEW_ACCOUNT = 25_000;

  static final int MAX_CODE_SIZE = 24_576; // EIP-170
  static final int MAX_INIT_CODE_SIZE = 2 * MAX_CODE_SIZE; // EIP-3860
  static final int MAX_CALL_DEPTH = 1_024;
  static final int STACK_LIMIT = 1_024;

  private Gas() {}

  static long words(final long bytes) {
    return (bytes + 31) / 32;
  }

  /** The total cost of a memory of {@code words} words; growing memory pays the difference. */
  static long memoryCost(final long words) {
    return MEMORY_WORD * words + words * words / QUADRATIC_DIVISOR;
  }
}
