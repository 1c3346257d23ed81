package io.amchain.consensus.clique;

import io.amchain.ledger.genesis.CliqueConfig;
import io.amchain.ledger.genesis.Genesis;
import java.util.Objects;

/** What header validation needs from the chain configuration. */
public record ChainRules(long period, long epoch, long londonBlock) {

  /** London never activates. */
  public static final long NEVER = Long.MAX_VALUE;

  public static ChainRules of(final Genesis genesis) {
    final CliqueConfig clique =
        Objects.requireNonNull(genesis.clique(), "the genesis config has no \"clique\" section");
    final Long london = genesis.londonBlock();
    return new ChainRules(clique.period(), clique.epoch(), london == null ? NEVER : london);
  }

  public boolean isLondon(final long number) {
    return number >= londonBlock;
  }
}
