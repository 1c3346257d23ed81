package io.amchain.consensus.clique;

import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.cache.LruCache;
import io.amchain.ledger.types.Hash;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Snapshots by block hash, rebuilt on demand by walking back to a cached snapshot or to the genesis
 * and replaying the headers since. Only the genesis is trusted as a starting point: trusting later
 * checkpoints wiped the recents and split Rinkeby (go-ethereum #17593).
 */
public final class Snapshots {
  private static final int CACHE_SIZE = 128;

  private final long epoch;
  private final ChainHeaderReader reader;
  private final LruCache<Hash, Snapshot> cache = new LruCache<>(CACHE_SIZE);

  public Snapshots(final long epoch, final ChainHeaderReader reader) {
    this.epoch = epoch;
    this.reader = reader;
  }

  /** The snapshot after the block with this hash. */
  public Snapshot at(final Hash hash) {
    final List<BlockHeader> pending = new ArrayList<>();
    Hash cursor = hash;
    Snapshot base;
    while (true) {
      final Snapshot cached = cache.get(cursor);
      if (cached != null) {
        base = cached;
        break;
      }
      final BlockHeader header = reader.header(cursor);
      if (header == null) {
        throw new CliqueException(CliqueError.UNKNOWN_ANCESTOR, cursor.toHex());
      }
      if (header.number() == 0) {
        base = Snapshot.fromCheckpoint(epoch, header);
        cache.put(header.hash(), base);
        break;
      }
      pending.add(header);
      cursor = header.parentHash();
    }
    Collections.reverse(pending);
    final Snapshot snapshot = base.apply(pending);
    cache.put(snapshot.hash(), snapshot);
    return snapshot;
  }

  /** Remembers a snapshot computed elsewhere (by the validator, for the header it accepted). */
  public void remember(final Snapshot snapshot) {
    cache.put(snapshot.hash(), snapshot);
  }
}
