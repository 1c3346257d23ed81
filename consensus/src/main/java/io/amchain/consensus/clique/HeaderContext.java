package io.amchain.consensus.clique;

import io.amchain.ledger.block.BlockHeader;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** What a header rule may look at: the header, its parent, the parent's snapshot, the clock. */
final class HeaderContext {
  final BlockHeader header;
  final @Nullable BlockHeader parent;
  final ChainRules rules;
  final long now;
  private final Supplier<Snapshot> parentSnapshot;
  private @Nullable Snapshot snapshot;

  HeaderContext(
      final BlockHeader header,
      final @Nullable BlockHeader parent,
      final ChainRules rules,
      final long now,
      final Supplier<Snapshot> parentSnapshot) {
    this.header = header;
    this.parent = parent;
    this.rules = rules;
    this.now = now;
    this.parentSnapshot = parentSnapshot;
  }

  boolean checkpoint() {
    return Clique.isCheckpoint(header.number(), rules.epoch());
  }

  /** The parent; rules that need it run after the ancestry rule has checked it exists. */
  BlockHeader parent() {
    return Objects.requireNonNull(parent, "the ancestry rule runs first");
  }

  /** The snapshot at the parent, built once on first use. */
  Snapshot snapshot() {
    Snapshot s = snapshot;
    if (s == null) {
      s = parentSnapshot.get();
      snapshot = s;
    }
    return s;
  }
}
