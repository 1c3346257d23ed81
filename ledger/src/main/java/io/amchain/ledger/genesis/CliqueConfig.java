package io.amchain.ledger.genesis;

/**
 * Clique's two parameters: the minimum seconds between blocks, and the epoch length in blocks (a
 * configured 0 means geth's default of 30000).
 */
public record CliqueConfig(long period, long epoch) {
  public static final long DEFAULT_EPOCH = 30_000;

  public CliqueConfig {
    if (period < 0) {
      throw new GenesisException("clique.period must not be negative, got " + period);
    }
    if (epoch < 0) {
      throw new GenesisException("clique.epoch must not be negative, got " + epoch);
    }
    if (epoch == 0) {
      epoch = DEFAULT_EPOCH;
    }
  }
}
