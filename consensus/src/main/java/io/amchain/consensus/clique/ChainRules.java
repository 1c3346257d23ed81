package io.amchain.consensus.clique;

import io.amchain.ledger.genesis.CliqueConfig;
import io.amchain.ledger.genesis.Genesis;
import java.util.Objects;

/** What header validation needs from the chain configuration. */
public record ChainRules(long period, long epoch, long londonBlock) {

  public static ChainRules of(final Genesis genesis) {
    final CliqueConfig clique =
        Objects.requireNonNull(genesis.clique(), "the genesis config has no \"clique\" section");
    return new ChainRules(clique.period(), clique.epoch(), genesis.forks().londonBlock());
  }

  public boolean isLondon(final long number) {
    return number >= londonBlock;
  }
}
