package io.amchain.api;

import io.amchain.consensus.clique.Snapshot;
import io.amchain.ledger.block.Block;
import io.amchain.ledger.genesis.Genesis;
import io.amchain.ledger.store.ChainStore;
import io.amchain.ledger.trie.NodeStore;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Everything the JSON-RPC server needs from a node, and the only way it reaches one. The node
 * implements it over its actors and stores; the server never sees an actor.
 *
 * <p>Reads ({@link #chainStore()}, {@link #stateNodes()}, {@link #snapshotAt}, the pool views) are
 * called from the server's blocking dispatcher and must be thread-safe. Writes return a stage the
 * server waits on with its configured timeout.
 */
public interface NodeBackend {

  /** The chain's genesis: chain id, Clique period and epoch, London block. */
  Genesis genesis();

  /** The chain id (EIP-155), also the network id {@code net_version} reports. */
  default long chainId() {
    return genesis().chainId();
  }

  /** Blocks, receipts, the canonical index, the transaction index and the head (thread-safe). */
  ChainStore chainStore();

  /**
   * The node store holding world-state trie nodes and code. The server only reads it, through
   * read-only or throwaway {@code TrieWorldState} views that are never committed.
   */
  NodeStore stateNodes();

  /**
   * The Clique snapshot after the block with this hash.
   *
   * @throws RuntimeException if the block is unknown
   */
  Snapshot snapshotAt(Hash blockHash);

  /**
   * Hands a decoded transaction to the mempool, whose door checks it. Completes with its hash once
   * the pool has accepted it, or exceptionally with a {@link TransactionRejectedException} carrying
   * the reason and what the pool found.
   */
  CompletionStage<Hash> submit(Transaction transaction);

  /**
   * The least tip the pool accepts ({@code --txpool.pricelimit}), below which fee suggestions never
   * go.
   */
  UInt256 minTip();

  /** Executable pool transactions by sender and nonce (what {@code txpool_content} lists). */
  Map<Address, SortedMap<Long, Transaction>> pending();

  /**
   * Pool transactions that cannot run in the next block yet (behind a nonce gap, below the base
   * fee, beyond the sender's funds), by sender and nonce.
   */
  Map<Address, SortedMap<Long, Transaction>> queued();

  /**
   * The nonce the sender's next transaction should carry: after the unbroken run of its pooled
   * nonces from its nonce at the head (an unsigned 64-bit value). Asks the pool about this one
   * sender, without copying the pool.
   */
  long nextNonce(Address sender);

  /**
   * Adds or replaces this node's proposal to add ({@code true}) or drop a signer. Fails with a
   * {@link ProposalRefusedException} when it contradicts the MemberRegistry the node's votes
   * follow.
   */
  CompletionStage<Void> propose(Address signer, boolean authorize);

  /**
   * Withdraws this node's proposal about the address, if any. Fails with a {@link
   * ProposalRefusedException} when the MemberRegistry the node's votes follow wants that vote.
   */
  CompletionStage<Void> discard(Address signer);

  /** This node's own proposals: address to {@code true} (add) or {@code false} (drop). */
  Map<Address, Boolean> proposals();

  /** This node, as {@code admin_nodeInfo} describes it. */
  NodeInfo nodeInfo();

  /** The other members of the cluster this node is connected to. */
  List<PeerInfo> peers();

  /** Empty when the node is caught up; the progress of a catch-up otherwise. */
  Optional<SyncStatus> syncing();

  /**
   * Calls {@code listener} with every move of the head, in order, from any thread; the listener
   * must return quickly. Closing the returned handle stops the calls.
   */
  AutoCloseable onNewHead(Consumer<HeadChange> listener);

  /**
   * How the canonical chain changed: the blocks that left it (newest first; empty unless a
   * reorganisation) and those that joined it (oldest first, ending with the new head).
   */
  record HeadChange(List<Block> removed, List<Block> added) {
    public HeadChange {
      removed = List.copyOf(removed);
      added = List.copyOf(added);
    }

    /** A head that extends the one before it. */
    public static HeadChange extending(final Block head) {
      return new HeadChange(List.of(), List.of(head));
    }
  }

  /** Calls {@code listener} with every transaction the pool accepts (local or from a peer). */
  AutoCloseable onPendingTransaction(Consumer<Transaction> listener);

  /** How a node names itself. {@code listenAddress} is its cluster (Artery) address. */
  record NodeInfo(String id, String name, String listenAddress) {}

  /** A connected peer: its node id and name, its address, and whether it dialled us. */
  record PeerInfo(String id, String name, String remoteAddress, boolean inbound) {}

  /** Catch-up progress, as {@code eth_syncing} reports it. */
  record SyncStatus(long startingBlock, long currentBlock, long highestBlock) {}
}
