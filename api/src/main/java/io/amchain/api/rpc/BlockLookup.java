package io.amchain.api.rpc;

import io.amchain.api.NodeBackend;
import io.amchain.consensus.clique.Clique;
import io.amchain.consensus.clique.Snapshot;
import io.amchain.ledger.block.Block;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.store.ChainStore;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Hash;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Resolves block parameters against the node's chain store, including the Clique meaning of {@code
 * safe} and {@code finalized} (see the package documentation).
 */
public final class BlockLookup {
  /** How far back {@link #finalizedNumber} looks for a signer majority before settling on 0. */
  private static final int MAX_FINALITY_WALK = 4096;

  private final NodeBackend backend;

  /** The head block, decoded once per head rather than once per request. */
  private volatile @Nullable Block head;

  public BlockLookup(final NodeBackend backend) {
    this.backend = backend;
  }

  public NodeBackend backend() {
    return backend;
  }

  public ChainStore chainStore() {
    return backend.chainStore();
  }

  public Block head() {
    final Hash hash = Objects.requireNonNull(chainStore().head(), "the chain store has no head");
    final Block cached = head;
    if (cached != null && cached.hash().equals(hash)) {
      return cached;
    }
    final Block block =
        Objects.requireNonNull(chainStore().block(hash), "the chain store lacks its head block");
    head = block;
    return block;
  }

  public @Nullable Block byHash(final Hash hash) {
    return chainStore().block(hash);
  }

  public @Nullable Block byNumber(final long number) {
    final Hash hash = chainStore().canonicalHash(number);
    return hash == null ? null : chainStore().block(hash);
  }

  /** The block a parameter names, or null when there is none (the block methods return null). */
  public @Nullable Block find(final BlockParameter parameter) {
    if (parameter instanceof BlockParameter.Tag tag) {
      final Block head = head();
      return switch (tag) {
        case LATEST, PENDING -> head;
        case EARLIEST -> byNumber(0);
        case SAFE, FINALIZED -> byNumber(finalizedNumber(head.header()));
      };
    }
    if (parameter instanceof BlockParameter.ByNumber number) {
      return byNumber(number.number());
    }
    final BlockParameter.ByHash byHash = (BlockParameter.ByHash) parameter;
    final Block block = byHash(byHash.hash());
    if (block != null
        && byHash.requireCanonical()
        && !block.hash().equals(chainStore().canonicalHash(block.number()))) {
      throw RpcError.SERVER_ERROR.exception(
          "hash " + byHash.hash() + " is not currently canonical");
    }
    return block;
  }

  /** The block a parameter names; -32000 in geth's words when there is none (state methods). */
  public Block require(final BlockParameter parameter) {
    final Block block = find(parameter);
    if (block == null) {
      throw RpcError.SERVER_ERROR.exception(
          parameter instanceof BlockParameter.ByHash
              ? "header for hash not found"
              : "header not found");
    }
    return block;
  }

  /**
   * The newest block that blocks from more than half of the signers have been sealed on top of:
   * walking back from the head, the first block whose descendants up to the head were sealed by
   * {@code floor(N/2)+1} distinct signers, N being the signer count at the head. Clique's recency
   * rule makes this about {@code head - (N/2+1)} while the signer set is stable. 0 when no block
   * qualifies yet.
   */
  public long finalizedNumber(final BlockHeader head) {
    final Snapshot snapshot = backend.snapshotAt(head.hash());
    final int majority = snapshot.signers().size() / 2 + 1;
    final Set<Address> sealers = new HashSet<>();
    BlockHeader cursor = head;
    for (int step = 0; step < MAX_FINALITY_WALK && cursor.number() > 0; step++) {
      sealers.add(Clique.signer(cursor));
      if (sealers.size() >= majority) {
        return cursor.number() - 1;
      }
      final BlockHeader parent = chainStore().header(cursor.parentHash());
      if (parent == null) {
        break;
      }
      cursor = parent;
    }
    return 0;
  }
}
