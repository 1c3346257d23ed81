package io.amchain.api.rpc.eth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amchain.api.rpc.BlockLookup;
import io.amchain.api.rpc.HexCodec;
import io.amchain.api.rpc.Json;
import io.amchain.api.rpc.RpcError;
import io.amchain.ledger.block.Block;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.block.FeeMarket;
import io.amchain.ledger.block.Receipt;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Fee suggestions as geth's gas price oracle makes them: the 60th percentile of the three lowest
 * tips of each of the last 20 blocks, an empty block counting as the previous suggestion, capped at
 * 500 gwei, and never below the least tip the node's pool accepts ({@code --txpool.pricelimit}:
 * effective tips of mined transactions can be lower than their tip caps, and a suggestion the node
 * itself refuses would break every client that follows it); and {@code eth_feeHistory}.
 */
final class FeeOracle {
  /** geth's starting suggestion (its miner's default gas price): 1 gwei. */
  static final UInt256 DEFAULT_TIP = UInt256.of(1_000_000_000L);

  private static final int BLOCKS = 20;
  private static final int SAMPLES_PER_BLOCK = 3;
  private static final int PERCENTILE = 60;
  private static final UInt256 MAX_TIP = UInt256.of(500_000_000_000L);
  private static final UInt256 IGNORE_BELOW = UInt256.of(2);
  private static final int MAX_HISTORY = 1024;

  private final BlockLookup blocks;
  private final UInt256 minTip;
  private Hash lastHead = Hash.ZERO;
  private UInt256 lastTip;

  FeeOracle(final BlockLookup blocks, final UInt256 minTip) {
    this.blocks = blocks;
    this.minTip = minTip;
    this.lastTip = DEFAULT_TIP.max(minTip);
  }

  /** eth_maxPriorityFeePerGas. */
  synchronized UInt256 suggestTip() {
    final Block head = blocks.head();
    if (head.hash().equals(lastHead)) {
      return lastTip;
    }
    final List<UInt256> samples = new ArrayList<>();
    Block block = head;
    for (int i = 0; i < BLOCKS && block != null; i++) {
      final List<UInt256> tips = lowestTips(block);
      if (tips.isEmpty()) {
        samples.add(lastTip);
      } else {
        samples.addAll(tips);
      }
      block = block.number() == 0 ? null : blocks.byHash(block.header().parentHash());
    }
    samples.sort(Comparator.naturalOrder());
    UInt256 tip = samples.get((samples.size() - 1) * PERCENTILE / 100);
    tip = tip.min(MAX_TIP).max(minTip);
    lastHead = head.hash();
    lastTip = tip;
    return tip;
  }

  /** eth_gasPrice: the suggested tip plus the head's base fee. */
  UInt256 gasPrice() {
    final UInt256 baseFee = blocks.head().header().baseFee();
    final UInt256 tip = suggestTip();
    return baseFee == null ? tip : tip.add(baseFee);
  }

  private static List<UInt256> lowestTips(final Block block) {
    final UInt256 baseFee = block.header().baseFee();
    final List<UInt256> tips = new ArrayList<>();
    for (final Transaction tx : block.transactions()) {
      final UInt256 tip = tip(tx, baseFee);
      if (!tip.lessThan(IGNORE_BELOW)) {
        tips.add(tip);
      }
    }
    tips.sort(Comparator.naturalOrder());
    return tips.subList(0, Math.min(SAMPLES_PER_BLOCK, tips.size()));
  }

  private static UInt256 tip(final Transaction tx, final UInt256 baseFee) {
    if (baseFee == null) {
      return tx.maxPriorityFeePerGas();
    }
    final UInt256 price = tx.effectiveGasPrice(baseFee);
    return price.greaterThan(baseFee) ? price.subtract(baseFee) : UInt256.ZERO;
  }

  /**
   * eth_feeHistory: base fees (with the next block's), gas used ratios and, per requested
   * percentile, the tip at that share of each block's gas.
   */
  ObjectNode history(final long requested, final Block newest, final List<Double> percentiles) {
    for (int i = 0; i < percentiles.size(); i++) {
      final double p = percentiles.get(i);
      if (p < 0 || p > 100) {
        throw RpcError.INVALID_PARAMS.exception("invalid reward percentile: " + p);
      }
      if (i > 0 && p <= percentiles.get(i - 1)) {
        throw RpcError.INVALID_PARAMS.exception(
            "invalid reward percentile: #"
                + (i - 1)
                + ":"
                + percentiles.get(i - 1)
                + " >= #"
                + i
                + ":"
                + p);
      }
    }
    final ObjectNode json = Json.object();
    if (requested < 1) {
      json.put("oldestBlock", "0x0");
      return json;
    }
    final long count = Math.min(Math.min(requested, MAX_HISTORY), newest.number() + 1);
    final long oldest = newest.number() - count + 1;
    final ArrayNode baseFees = Json.array();
    final ArrayNode ratios = Json.array();
    final ArrayNode rewards = Json.array();
    for (long n = oldest; n <= newest.number(); n++) {
      final Block block =
          n == newest.number() ? newest : Objects.requireNonNull(blocks.byNumber(n));
      final BlockHeader header = block.header();
      baseFees.add(HexCodec.quantity(baseFee(header)));
      ratios.add(header.gasLimit() == 0 ? 0.0 : (double) header.gasUsed() / header.gasLimit());
      if (!percentiles.isEmpty()) {
        rewards.add(rewards(block, percentiles));
      }
    }
    baseFees.add(HexCodec.quantity(FeeMarket.nextBaseFee(newest.header())));
    json.put("oldestBlock", HexCodec.quantity(oldest));
    if (!percentiles.isEmpty()) {
      json.set("reward", rewards);
    }
    json.set("baseFeePerGas", baseFees);
    json.set("gasUsedRatio", ratios);
    return json;
  }

  private static UInt256 baseFee(final BlockHeader header) {
    return header.baseFee() == null ? UInt256.ZERO : header.baseFee();
  }

  private ArrayNode rewards(final Block block, final List<Double> percentiles) {
    final ArrayNode json = Json.array();
    final List<Receipt> receipts = blocks.chainStore().receipts(block.hash());
    if (block.transactions().isEmpty() || receipts == null) {
      percentiles.forEach(p -> json.add("0x0"));
      return json;
    }
    record Sample(UInt256 tip, long gasUsed) {}
    final List<Sample> samples = new ArrayList<>();
    long previous = 0;
    for (int i = 0; i < receipts.size(); i++) {
      final long cumulative = receipts.get(i).cumulativeGasUsed();
      samples.add(
          new Sample(
              tip(block.transactions().get(i), block.header().baseFee()), cumulative - previous));
      previous = cumulative;
    }
    samples.sort(Comparator.comparing(Sample::tip));
    int index = 0;
    long sum = samples.get(0).gasUsed();
    for (final double p : percentiles) {
      final long threshold = (long) (block.header().gasUsed() * p / 100);
      while (sum < threshold && index < samples.size() - 1) {
        index++;
        sum += samples.get(index).gasUsed();
      }
      json.add(HexCodec.quantity(samples.get(index).tip()));
    }
    return json;
  }
}
