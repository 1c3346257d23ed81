package io.amchain.api.metrics;

import io.amchain.actors.sync.Sync;
import io.amchain.ledger.block.BlockHeader;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * The readiness check behind {@code /ready}: a node is ready when it has joined the cluster and
 * caught up with it, that is when all of these hold:
 *
 * <ul>
 *   <li>the node's actors have started ({@link NodeMetrics#attach} was called);
 *   <li>this member is {@code Up} in the cluster;
 *   <li>its head block is recent: its timestamp is at most {@code max(3 × period, 10 s)} old, so a
 *       node replaying or fetching old blocks is not ready (with period 0, where blocks come only
 *       with transactions, this rule does not apply);
 *   <li>Sync has nothing to catch up: no peer reported a heavier chain that is still being fetched.
 * </ul>
 *
 * A network that stopped sealing makes every node unready, which is what an operator should see.
 * Pekko Management loads the check from {@code
 * pekko.management.health-checks.readiness-checks.amchain-caught-up}.
 */
public final class CaughtUpCheck implements Supplier<CompletionStage<Boolean>> {
  private static final long MIN_STALENESS_SECONDS = 10;
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(1);

  private final org.apache.pekko.actor.typed.ActorSystem<Void> system;

  /** Pekko Management creates it with the actor system. */
  public CaughtUpCheck(final ActorSystem system) {
    this.system = Adapter.toTyped(system);
  }

  @Override
  public CompletionStage<Boolean> get() {
    final NodeMetrics.Node node = NodeMetrics.get(system).node().orElse(null);
    if (node == null || !Cluster.get(system).selfMember().status().equals(MemberStatus.up())) {
      return CompletableFuture.completedFuture(false);
    }
    final BlockHeader head = node.resources().headHeader();
    if (!isRecent(head.timestamp(), node.resources().rules().period(), Instant.now())) {
      return CompletableFuture.completedFuture(false);
    }
    return AskPattern.ask(
            node.actors().sync(), Sync.GetProgress::new, ASK_TIMEOUT, system.scheduler())
        .thenApply(progress -> progress.highestBlock() <= progress.currentBlock());
  }

  /**
   * Whether a head sealed at {@code timestamp} (Unix seconds) is recent at {@code now} on a chain
   * with this Clique period (seconds; 0 seals only on demand, so any head is recent).
   */
  static boolean isRecent(final long timestamp, final long period, final Instant now) {
    if (period == 0) {
      return true;
    }
    return now.getEpochSecond() - timestamp <= Math.max(3 * period, MIN_STALENESS_SECONDS);
  }
}
