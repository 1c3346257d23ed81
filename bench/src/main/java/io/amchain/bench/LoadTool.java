package io.amchain.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.amchain.ledger.crypto.DevAccounts;
import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.tx.TransactionType;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Keccak;
import io.amchain.ledger.types.UInt256;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The devnet load test: funds many accounts from the devnet's funded ones, pre-signs transfers from
 * them with consecutive nonces, sends them at a target rate over JSON-RPC, and measures what the
 * chain includes: sustained transfers per second, inclusion latency from sending to the block that
 * holds the transaction (as node 0 first shows it), and each node's resident memory and CPU time
 * while it ran.
 *
 * <p>Run against {@code ./amchain devnet}: {@code java -cp bench/target/benchmarks.jar
 * io.amchain.bench.LoadTool --datadir devnet-data --rate 2000 --duration 30}.
 */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description = "Send pre-signed transfers to a running devnet and measure what it includes.")
public final class LoadTool implements Callable<Integer> {
  private static final long CHAIN_ID = 1337;
  private static final long TRANSFER_GAS = 21_000;
  private static final UInt256 GWEI = UInt256.of(1_000_000_000L);
  private static final int DEV_ACCOUNTS = 10;
  private static final Address SINK = Address.fromHex("0x000000000000000000000000000000000000b0b0");

  @Option(
      names = "--rpc",
      split = ",",
      defaultValue = "http://127.0.0.1:8545,http://127.0.0.1:8546,http://127.0.0.1:8547",
      description = "JSON-RPC endpoints; the accounts are spread over them (default: a devnet's 3)")
  List<URI> endpoints = List.of();

  @Option(names = "--rate", defaultValue = "2000", description = "target transfers/s")
  int rate;

  @Option(names = "--duration", defaultValue = "30", description = "seconds of sending")
  int duration;

  @Option(
      names = "--warmup",
      defaultValue = "0",
      description =
          "seconds of sending at the same rate before the measured part, left out of the figures:"
              + " fresh nodes spend much of their CPU compiling their hot paths at first")
  int warmup;

  @Option(names = "--accounts", defaultValue = "600", description = "sending accounts")
  int accounts;

  @Option(names = "--batch", defaultValue = "20", description = "transactions per HTTP request")
  int batch;

  @Option(names = "--connections", defaultValue = "6", description = "concurrent HTTP requests")
  int connections;

  @Option(
      names = "--max-fee-gwei",
      defaultValue = "1000",
      description = "maxFeePerGas: full blocks raise the base fee 12.5% a block")
  long maxFeeGwei;

  @Option(
      names = "--datadir",
      description = "the devnet's data directory: node-<i>/node.pid for memory and CPU figures")
  @Nullable Path datadir;

  @Option(
      names = "--drain",
      defaultValue = "60",
      description = "seconds to wait for inclusion after the last send")
  int drainSeconds;

  public static void main(final String[] args) {
    System.exit(new CommandLine(new LoadTool()).execute(args));
  }

  private record Signed(int node, Transaction tx) {}

  @Override
  public Integer call() throws InterruptedException {
    final List<RpcClient> nodes = endpoints.stream().map(RpcClient::new).toList();
    final int total = rate * (warmup + duration);
    final int perAccount = (int) Math.ceil((double) total / accounts);
    System.out.printf(
        "[bench] target %d transfers/s for %d s (after %d s of warm-up): %d accounts x %d,"
            + " %d nodes, batches of %d, %d connections%n",
        rate, duration, warmup, accounts, perAccount, nodes.size(), batch, connections);
    System.out.println("[bench] machine: " + Machine.describe());

    final List<PrivateKey> keys = benchKeys(accounts);
    fund(nodes.get(0), keys);
    final long signStart = System.nanoTime();
    final List<Signed> plan = presign(nodes, keys, perAccount).subList(0, total);
    System.out.printf("[bench] signed %d transfers in %.1f s%n", plan.size(), seconds(signStart));

    final BlockWatcher watcher = BlockWatcher.start(nodes.get(0));
    if (warmup > 0) {
      final SendResult warm = send(nodes, plan.subList(0, rate * warmup));
      awaitInclusion(watcher, warm);
      System.out.printf(
          "[bench] warm-up: %d of %d included%n",
          watcher.included(warm.sendTimes()), warm.accepted());
    }
    final NodeSampler sampler = datadir == null ? null : NodeSampler.start(datadir);
    final SendResult sent = send(nodes, plan.subList(rate * warmup, total));
    awaitInclusion(watcher, sent);
    watcher.stop();
    if (sampler != null) {
      sampler.stop();
    }
    report(sent, watcher, sampler);
    return 0;
  }

  private void awaitInclusion(final BlockWatcher watcher, final SendResult sent)
      throws InterruptedException {
    final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainSeconds);
    while (watcher.included(sent.sendTimes()) < sent.accepted() && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
  }

  /** Deterministic keys, so that a second run finds the accounts funded already. */
  private static List<PrivateKey> benchKeys(final int count) {
    return IntStream.range(0, count)
        .mapToObj(
            i ->
                PrivateKey.fromBytes(
                    Keccak.hash(("amchain bench account " + i).getBytes(StandardCharsets.UTF_8))
                        .bytes()))
        .toList();
  }

  /** Gives each bench account an equal share of 90% of the dev accounts' funds, if it has none. */
  private void fund(final RpcClient node, final List<PrivateKey> keys) throws InterruptedException {
    final List<List<Object>> balanceQueries = new ArrayList<>();
    keys.forEach(k -> balanceQueries.add(List.of(k.publicKey().address().toHex(), "latest")));
    final List<JsonNode> balances = node.batch("eth_getBalance", balanceQueries);
    final long[] nonces = new long[DEV_ACCOUNTS];
    final PrivateKey[] funders = new PrivateKey[DEV_ACCOUNTS];
    for (int i = 0; i < DEV_ACCOUNTS; i++) {
      funders[i] = DevAccounts.key(i);
      nonces[i] =
          RpcClient.quantity(
              node.call(
                  "eth_getTransactionCount", funders[i].publicKey().address().toHex(), "pending"));
    }
    final UInt256 share =
        UInt256.of(
            BigInteger.TEN
                .pow(18)
                .multiply(BigInteger.valueOf(9_000L * DEV_ACCOUNTS))
                .divide(BigInteger.valueOf(keys.size())));
    final List<List<Object>> funding = new ArrayList<>();
    String last = "";
    for (int i = 0; i < keys.size(); i++) {
      if (!new BigInteger(balances.get(i).path("result").asText().substring(2), 16)
          .equals(BigInteger.ZERO)) {
        continue;
      }
      final int funder = i % DEV_ACCOUNTS;
      final Transaction tx =
          transfer(funders[funder], nonces[funder]++, keys.get(i).publicKey().address(), share);
      funding.add(List.of(tx.encoded().toHex()));
      last = tx.hash().toHex();
    }
    if (funding.isEmpty()) {
      System.out.println("[bench] the bench accounts are funded already");
      return;
    }
    for (int from = 0; from < funding.size(); from += 200) {
      for (final JsonNode reply :
          node.batch(
              "eth_sendRawTransaction",
              funding.subList(from, Math.min(funding.size(), from + 200)))) {
        if (reply.has("error")) {
          throw new RpcClient.RpcException("funding refused: " + reply.get("error"));
        }
      }
    }
    final long start = System.nanoTime();
    while (node.call("eth_getTransactionReceipt", last).isNull()) {
      if (seconds(start) > 120) {
        throw new IllegalStateException("the funding transfers were not mined within 2 minutes");
      }
      Thread.sleep(250);
    }
    System.out.printf("[bench] funded %d accounts in %.1f s%n", funding.size(), seconds(start));
  }

  private Transaction transfer(
      final PrivateKey from, final long nonce, final Address to, final UInt256 value) {
    return Transaction.builder(TransactionType.DYNAMIC_FEE)
        .chainId(CHAIN_ID)
        .nonce(nonce)
        .maxPriorityFeePerGas(GWEI)
        .maxFeePerGas(GWEI.multiply(UInt256.of(maxFeeGwei)))
        .gasLimit(TRANSFER_GAS)
        .to(to)
        .value(value)
        .sign(from);
  }

  /**
   * Round r holds every account's r-th transfer, so each account's nonces go out in order; an
   * account always talks to the same node.
   */
  private List<Signed> presign(
      final List<RpcClient> nodes, final List<PrivateKey> keys, final int perAccount) {
    final List<List<Object>> nonceQueries = new ArrayList<>();
    keys.forEach(k -> nonceQueries.add(List.of(k.publicKey().address().toHex(), "pending")));
    final List<JsonNode> nonces = nodes.get(0).batch("eth_getTransactionCount", nonceQueries);
    final List<List<Transaction>> byAccount =
        IntStream.range(0, keys.size())
            .parallel()
            .mapToObj(
                a -> {
                  final long first = RpcClient.quantity(nonces.get(a).path("result"));
                  final List<Transaction> txs = new ArrayList<>(perAccount);
                  for (int r = 0; r < perAccount; r++) {
                    txs.add(transfer(keys.get(a), first + r, SINK, UInt256.ONE));
                  }
                  return txs;
                })
            .toList();
    final List<Signed> plan = new ArrayList<>(keys.size() * perAccount);
    for (int r = 0; r < perAccount; r++) {
      for (int a = 0; a < keys.size(); a++) {
        plan.add(new Signed(a % nodes.size(), byAccount.get(a).get(r)));
      }
    }
    return plan;
  }

  private record SendResult(
      Map<String, Long> sendTimes, long accepted, Map<String, Integer> rejections, long start) {}

  /**
   * Sends the plan in batches, batch k not before {@code start + k * batch / rate}: an open-loop
   * schedule, limited only by the number of concurrent requests.
   */
  private SendResult send(final List<RpcClient> nodes, final List<Signed> plan)
      throws InterruptedException {
    final List<List<Signed>> batches = batchesPerNode(nodes.size(), plan);
    final Map<String, Long> sendTimes = new ConcurrentHashMap<>();
    final Map<String, Integer> rejections = new ConcurrentHashMap<>();
    final AtomicInteger next = new AtomicInteger();
    final AtomicLong accepted = new AtomicLong();
    final long start = System.nanoTime();
    final double nanosPerBatch = 1e9 * batch / rate;
    final ExecutorService pool = Executors.newFixedThreadPool(connections);
    for (int c = 0; c < connections; c++) {
      pool.execute(
          () -> {
            for (int k = next.getAndIncrement(); k < batches.size(); k = next.getAndIncrement()) {
              final long due = start + (long) (k * nanosPerBatch);
              final long wait = due - System.nanoTime();
              if (wait > 0) {
                try {
                  TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
              }
              final List<Signed> group = batches.get(k);
              final List<List<Object>> params = new ArrayList<>();
              group.forEach(s -> params.add(List.of(s.tx().encoded().toHex())));
              final long sentAt = System.nanoTime();
              final List<JsonNode> replies;
              try {
                replies = nodes.get(group.get(0).node()).batch("eth_sendRawTransaction", params);
              } catch (RuntimeException e) {
                rejections.merge("request failed: " + e.getMessage(), group.size(), Integer::sum);
                continue;
              }
              for (int i = 0; i < group.size(); i++) {
                final JsonNode reply = replies.get(i);
                if (reply != null && reply.has("result")) {
                  sendTimes.put(reply.get("result").asText(), sentAt);
                  accepted.incrementAndGet();
                } else {
                  final String reason =
                      reply == null ? "no reply" : reply.path("error").path("message").asText();
                  rejections.merge(reason, 1, Integer::sum);
                }
              }
            }
          });
    }
    pool.shutdown();
    pool.awaitTermination(duration * 10L + 60, TimeUnit.SECONDS);
    final double took = seconds(start);
    System.out.printf(
        "[bench] sent %d transfers in %.1f s (%.0f/s offered), %d accepted%n",
        plan.size(), took, plan.size() / took, accepted.get());
    return new SendResult(sendTimes, accepted.get(), rejections, start);
  }

  /** The plan cut into batches of one node's transactions, in the plan's order. */
  private List<List<Signed>> batchesPerNode(final int nodeCount, final List<Signed> plan) {
    final List<List<Signed>> open = new ArrayList<>();
    for (int n = 0; n < nodeCount; n++) {
      open.add(new ArrayList<>());
    }
    final List<List<Signed>> batches = new ArrayList<>();
    for (final Signed signed : plan) {
      final List<Signed> current = open.get(signed.node());
      current.add(signed);
      if (current.size() == batch) {
        batches.add(List.copyOf(current));
        current.clear();
      }
    }
    open.stream().filter(b -> !b.isEmpty()).forEach(batches::add);
    return batches;
  }

  private void report(
      final SendResult sent, final BlockWatcher watcher, final @Nullable NodeSampler sampler) {
    if (!sent.rejections().isEmpty()) {
      System.out.println("[bench] rejected: " + new TreeMap<>(sent.rejections()));
    }
    final List<BlockWatcher.SeenBlock> ours =
        watcher.blocks().stream().filter(b -> b.ours(sent.sendTimes()) > 0).toList();
    final long included = watcher.included(sent.sendTimes());
    System.out.printf(
        "[bench] included %d of %d accepted in %d blocks (%d not included after %d s of drain)%n",
        included, sent.accepted(), ours.size(), sent.accepted() - included, drainSeconds);
    if (ours.size() >= 2) {
      final BlockWatcher.SeenBlock first = ours.get(0);
      final BlockWatcher.SeenBlock last = ours.get(ours.size() - 1);
      final long afterFirst = included - first.ours(sent.sendTimes());
      final double span = (last.seenNanos() - first.seenNanos()) / 1e9;
      final long chainSpan = last.timestamp() - first.timestamp();
      System.out.printf(
          "[bench] sustained: %.0f transfers/s included (blocks %d..%d seen over %.1f s;"
              + " %.0f/s by block timestamps over %d s)%n",
          afterFirst / span,
          first.number(),
          last.number(),
          span,
          chainSpan == 0 ? 0.0 : (double) afterFirst / chainSpan,
          chainSpan);
      final int maxTxs =
          ours.stream().mapToInt(BlockWatcher.SeenBlock::transactions).max().orElse(0);
      final double meanGas =
          ours.stream().mapToDouble(b -> (double) b.gasUsed() / b.gasLimit()).average().orElse(0);
      System.out.printf(
          "[bench] blocks: %.0f transfers on average, %d at most, gas used %.0f%% of the limit on"
              + " average; the gas limit allows %d transfers a block%n",
          (double) included / ours.size(), maxTxs, 100 * meanGas, last.gasLimit() / TRANSFER_GAS);
      final long[] delays =
          ours.stream().mapToLong(BlockWatcher.SeenBlock::delayMillis).sorted().toArray();
      System.out.printf(
          "[bench] block delay (header timestamp -> seen on %s): p50 %d ms, p90 %d ms, max %d ms;"
              + " %d blocks seen and then replaced by a reorg (warm-up included)%n",
          watcher.endpoint(),
          percentile(delays, 50),
          percentile(delays, 90),
          delays[delays.length - 1],
          watcher.replaced());
    }
    final long[] latencies = watcher.latencies(sent.sendTimes());
    if (latencies.length > 0) {
      System.out.printf(
          "[bench] inclusion latency (sent -> block seen on %s): p50 %d ms, p90 %d ms,"
              + " p99 %d ms, max %d ms%n",
          watcher.endpoint(),
          percentile(latencies, 50),
          percentile(latencies, 90),
          percentile(latencies, 99),
          latencies[latencies.length - 1]);
    }
    final long[] waits = watcher.sealingWaits(sent.sendTimes());
    if (waits.length > 0) {
      System.out.printf(
          "[bench] of which waiting for a sealing round (sent -> header timestamp): p50 %d ms,"
              + " p90 %d ms, p99 %d ms, %.1f%% over 1 s%n",
          percentile(waits, 50),
          percentile(waits, 90),
          percentile(waits, 99),
          100.0 * Arrays.stream(waits).filter(w -> w > 1000).count() / waits.length);
    }
    if (sampler != null) {
      sampler.report();
    }
    System.out.println("[bench] machine after: " + Machine.describe());
  }

  private static long percentile(final long[] sorted, final int percent) {
    final int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  static double seconds(final long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }
}
