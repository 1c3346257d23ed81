package io.amchain.api.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.TextNode;
import io.amchain.actors.chain.Chain;
import io.amchain.actors.wire.KryoSerializer;
import io.amchain.api.rpc.JsonRpcProcessor;
import io.amchain.api.rpc.MethodRegistry;
import io.amchain.api.rpc.RpcContext;
import io.amchain.consensus.clique.Clique;
import io.amchain.consensus.clique.SealingFixture;
import io.amchain.consensus.clique.Snapshot;
import io.amchain.ledger.block.Block;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.types.Hash;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NodeMetricsTest {
  private static final PrivateKey SIGNER =
      PrivateKey.fromHex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");

  private ActorTestKit testKit;
  private NodeMetrics metrics;

  @BeforeEach
  void start() {
    testKit = ActorTestKit.create();
    metrics = NodeMetrics.get(testKit.system());
  }

  @AfterEach
  void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void countsNewHeadsBySignerAndRecordsImportTimes() {
    final String signer = Clique.signer(sealedBlock(1).header()).toHex();
    publish(newHead(1));
    publish(newHead(2));
    publish(new Chain.ImportTimed(2, Duration.ofMillis(30), Duration.ofMillis(20)));

    testKit
        .createTestProbe()
        .awaitAssert(
            () -> {
              final String text = text();
              assertTrue(
                  text.contains("amchain_blocks_sealed_total{signer=\"" + signer + "\"} 2.0"),
                  text);
              assertTrue(text.contains("amchain_block_import_seconds_count 1"), text);
              assertTrue(text.contains("amchain_block_import_seconds_sum 0.03"), text);
              assertTrue(text.contains("amchain_block_execution_seconds_sum 0.02"), text);
              assertTrue(
                  text.contains("amchain_block_execution_seconds_bucket{le=\"0.025\"} 1"), text);
              assertTrue(
                  text.contains("amchain_block_execution_seconds_bucket{le=\"0.01\"} 0"), text);
              return null;
            });
  }

  @Test
  void countsWireMessagesRefusedForTheirFrame() {
    publish(new KryoSerializer.Refused("a length of 2147483647 exceeds the 3 bytes left"));
    publish(new KryoSerializer.Refused("a length of 99 exceeds the 1 bytes left"));
    testKit
        .createTestProbe()
        .awaitAssert(
            () -> {
              final String text = text();
              assertTrue(text.contains("amchain_wire_refused_messages_total 2.0"), text);
              return null;
            });
  }

  @Test
  void everyRecordedMetricHasHelpAndTheJvmIsIncluded() {
    publish(newHead(1));
    metrics.rpcCompleted("eth_chainId", Duration.ofMillis(1));
    testKit
        .createTestProbe()
        .awaitAssert(
            () -> {
              final String text = text();
              for (final String name :
                  List.of(
                      "amchain_blocks_sealed_total",
                      "amchain_block_import_seconds",
                      "amchain_block_execution_seconds",
                      "amchain_rpc_duration_seconds")) {
                assertTrue(
                    text.contains("# HELP " + name + " "), () -> name + " lacks HELP:\n" + text);
              }
              assertTrue(text.contains("jvm_memory_used_bytes"), text);
              return null;
            });
  }

  @Test
  void nodeGaugesStayEmptyUntilANodeIsAttached() {
    metrics.refresh().toCompletableFuture().join();
    final String text = text();
    assertFalse(text.contains("amchain_head_block"), text);
    assertFalse(text.contains("amchain_cluster_peers"), text);
    assertFalse(text.contains("amchain_mempool"), text);
    assertTrue(metrics.node().isEmpty());
  }

  @Test
  void recordsRpcLatencyPerRegisteredMethod() {
    final MethodRegistry registry =
        MethodRegistry.builder()
            .read("web3_clientVersion", (params, context) -> TextNode.valueOf("test"))
            .build();
    final JsonRpcProcessor processor =
        new JsonRpcProcessor(
            registry, Runnable::run, Duration.ofSeconds(5), 10, metrics::rpcCompleted);
    final RpcContext context = new RpcContext(false, null);
    for (final String method : List.of("web3_clientVersion", "web3_clientVersion", "no_such")) {
      processor
          .handle("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\"}", context)
          .toCompletableFuture()
          .join();
    }
    final String text = text();
    assertTrue(
        text.contains("amchain_rpc_duration_seconds_count{method=\"web3_clientVersion\"} 2"), text);
    assertFalse(text.contains("no_such"), text);
  }

  @Test
  void aHeadIsRecentWithinThreePeriodsAndAtLeastTenSeconds() {
    final Instant now = Instant.ofEpochSecond(1_000_000);
    assertTrue(CaughtUpCheck.isRecent(1_000_000 - 10, 1, now));
    assertFalse(CaughtUpCheck.isRecent(1_000_000 - 11, 1, now));
    assertTrue(CaughtUpCheck.isRecent(1_000_000 - 15, 5, now));
    assertFalse(CaughtUpCheck.isRecent(1_000_000 - 16, 5, now));
    assertTrue(CaughtUpCheck.isRecent(0, 0, now), "period 0 seals on demand");
  }

  @Test
  void notReadyBeforeTheNodeIsAttached() {
    assertFalse(
        new CaughtUpCheck(Adapter.toClassic(testKit.system())).get().toCompletableFuture().join());
  }

  @Test
  void oneSetOfMetricsPerActorSystem() {
    assertEquals(metrics, NodeMetrics.get(testKit.system()));
  }

  private void publish(final Object event) {
    testKit.system().eventStream().tell(new EventStream.Publish<>(event));
  }

  private String text() {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PrometheusTextFormatWriter.create().write(out, metrics.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static Chain.NewHead newHead(final long number) {
    final BlockHeader genesis =
        BlockHeader.builder()
            .parentHash(Hash.ZERO)
            .number(0)
            .extraData(SealingFixture.extraData(List.of(SIGNER.publicKey().address())))
            .build();
    final Block block = sealedBlock(number);
    return new Chain.NewHead(
        block, Snapshot.fromCheckpoint(30_000, genesis), List.of(), List.of(block));
  }

  private static Block sealedBlock(final long number) {
    final BlockHeader header =
        BlockHeader.builder()
            .parentHash(Hash.ZERO)
            .number(number)
            .timestamp(number)
            .difficulty(Clique.DIFF_IN_TURN)
            .extraData(SealingFixture.extraData(List.of()))
            .build();
    return new Block(Clique.seal(header, SIGNER), List.of(), List.of());
  }
}
