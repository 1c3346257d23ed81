package io.amchain.api.metrics;

import io.amchain.actors.NodeResources;
import io.amchain.actors.chain.Chain;
import io.amchain.actors.mempool.Mempool;
import io.amchain.actors.node.NodeGuardian;
import io.amchain.actors.wire.KryoSerializer;
import io.amchain.consensus.clique.Clique;
import io.amchain.ledger.block.BlockHeader;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToLongFunction;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.jspecify.annotations.Nullable;

/**
 * A node's Prometheus metrics, one set per actor system (a Pekko extension), served as {@code
 * /metrics} on the management port by {@link MetricsRouteProvider}.
 *
 * <p>Block and import figures come from the chain's events on the system event stream ({@link
 * Chain.NewHead}, {@link Chain.ImportTimed}), RPC latencies from the JSON-RPC server ({@link
 * #rpcCompleted}). Head, peers and mempool gauges need the running node: the process {@link
 * #attach}es its stores and actors once the guardian has started them, and until then those gauges
 * report nothing (the readiness check, {@link CaughtUpCheck}, likewise waits for it).
 */
public final class NodeMetrics implements Extension {

  /** The running node the gauges and the readiness check read. */
  public record Node(NodeResources resources, NodeGuardian.Actors actors) {}

  private static final Id ID = new Id();
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(2);

  /** Import and execution times: 1 ms to 10 s. */
  private static final double[] BLOCK_BUCKETS = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };

  /** RPC latencies: 0.1 ms (eth_blockNumber) to 10 s (the default request timeout). */
  private static final double[] RPC_BUCKETS = {
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };

  private final ActorSystem<Void> system;
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final AtomicReference<@Nullable Node> node = new AtomicReference<>();
  private final AtomicReference<Mempool.@Nullable Status> mempool = new AtomicReference<>();
  private final Counter blocksSealed;
  private final Histogram importTime;
  private final Histogram executionTime;
  private final Histogram rpcTime;
  private final Counter wireRefused;

  /** This actor system's metrics, created on first use. */
  public static NodeMetrics get(final ClassicActorSystemProvider system) {
    return ID.get(system.classicSystem());
  }

  private NodeMetrics(final ExtendedActorSystem classic) {
    this.system = Adapter.toTyped(classic);
    JvmMetrics.builder().register(registry);
    headGauge(
        "amchain_head_block_number", "Number of this node's canonical head block", h -> h.number());
    headGauge(
        "amchain_head_block_timestamp_seconds",
        "Timestamp of this node's head block, in Unix seconds",
        BlockHeader::timestamp);
    GaugeWithCallback.builder()
        .name("amchain_cluster_peers")
        .help("Cluster members Up, other than this node")
        .callback(gauge -> node().ifPresent(n -> gauge.call((double) peers())))
        .register(registry);
    mempoolGauge(
        "amchain_mempool_pending_transactions",
        "Executable transactions in the mempool",
        Mempool.Status::pending);
    mempoolGauge(
        "amchain_mempool_queued_transactions",
        "Mempool transactions waiting for a nonce gap to close",
        Mempool.Status::queued);
    blocksSealed =
        Counter.builder()
            .name("amchain_blocks_sealed")
            .help("Blocks that became this node's head, by the signer that sealed them")
            .labelNames("signer")
            .register(registry);
    importTime =
        Histogram.builder()
            .name("amchain_block_import_seconds")
            .help("Time to import a block: verification, execution, journal write and store commit")
            .classicOnly()
            .classicUpperBounds(BLOCK_BUCKETS)
            .register(registry);
    executionTime =
        Histogram.builder()
            .name("amchain_block_execution_seconds")
            .help("Time the EVM took to execute a block's transactions during its import")
            .classicOnly()
            .classicUpperBounds(BLOCK_BUCKETS)
            .register(registry);
    rpcTime =
        Histogram.builder()
            .name("amchain_rpc_duration_seconds")
            .help("Time to answer a JSON-RPC call, by method (errors included)")
            .labelNames("method")
            .classicOnly()
            .classicUpperBounds(RPC_BUCKETS)
            .register(registry);
    wireRefused =
        Counter.builder()
            .name("amchain_wire_refused_messages")
            .help("Messages from cluster peers dropped because their frame could not be read")
            .register(registry);
    // Subscribed here, synchronously on the classic event stream, not from the actor's setup:
    // events published between the extension's creation and that setup would be lost otherwise.
    final ActorRef<Object> events =
        system.systemActorOf(chainEvents(), "amchain-metrics", Props.empty());
    classic.eventStream().subscribe(Adapter.toClassic(events), Chain.NewHead.class);
    classic.eventStream().subscribe(Adapter.toClassic(events), Chain.ImportTimed.class);
    classic.eventStream().subscribe(Adapter.toClassic(events), KryoSerializer.Refused.class);
  }

  /** Lets the gauges and the readiness check read the running node. */
  public void attach(final NodeResources resources, final NodeGuardian.Actors actors) {
    node.set(new Node(resources, actors));
  }

  /** The running node, once attached. */
  public Optional<Node> node() {
    return Optional.ofNullable(node.get());
  }

  /** Records a JSON-RPC call's latency (the server's {@code CallObserver}). */
  public void rpcCompleted(final String method, final Duration latency) {
    rpcTime.labelValues(method).observe(seconds(latency));
  }

  /** Every metric as it is now, after {@link #refresh}. */
  public MetricSnapshots scrape() {
    return registry.scrape();
  }

  /**
   * Asks the mempool for its counts so that the next scrape reports them; completes once it
   * answered or gave up (the previous counts then stay).
   */
  public CompletionStage<Void> refresh() {
    final Node running = node.get();
    if (running == null) {
      return CompletableFuture.completedFuture(null);
    }
    return AskPattern.ask(
            running.actors().mempool(), Mempool.GetStatus::new, ASK_TIMEOUT, system.scheduler())
        .handle(
            (status, failure) -> {
              if (status != null) {
                mempool.set(status);
              }
              return null;
            });
  }

  private long peers() {
    final Cluster cluster = Cluster.get(system);
    long up = 0;
    for (final Member member : cluster.state().getMembers()) {
      if (member.status().equals(MemberStatus.up()) && !member.equals(cluster.selfMember())) {
        up++;
      }
    }
    return up;
  }

  private void headGauge(
      final String name, final String help, final ToLongFunction<BlockHeader> value) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .callback(
            gauge ->
                node()
                    .ifPresent(
                        n -> gauge.call((double) value.applyAsLong(n.resources().headHeader()))))
        .register(registry);
  }

  private void mempoolGauge(
      final String name, final String help, final ToLongFunction<Mempool.Status> value) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .callback(
            gauge -> {
              final Mempool.Status status = mempool.get();
              if (status != null) {
                gauge.call((double) value.applyAsLong(status));
              }
            })
        .register(registry);
  }

  /** Counts sealed blocks and records import times as the chain publishes them. */
  private Behavior<Object> chainEvents() {
    return Behaviors.receive(Object.class)
        .onMessage(
            Chain.NewHead.class,
            head -> {
              final String signer = Clique.signer(head.block().header()).toHex();
              blocksSealed.labelValues(signer).inc();
              return Behaviors.same();
            })
        .onMessage(
            Chain.ImportTimed.class,
            timed -> {
              importTime.observe(seconds(timed.importTime()));
              executionTime.observe(seconds(timed.executionTime()));
              return Behaviors.same();
            })
        .onMessage(
            KryoSerializer.Refused.class,
            refused -> {
              wireRefused.inc();
              return Behaviors.same();
            })
        .build();
  }

  private static double seconds(final Duration duration) {
    return duration.toNanos() / 1e9;
  }

  private static final class Id extends AbstractExtensionId<NodeMetrics> {
    @Override
    public NodeMetrics createExtension(final ExtendedActorSystem system) {
      return new NodeMetrics(system);
    }
  }
}
