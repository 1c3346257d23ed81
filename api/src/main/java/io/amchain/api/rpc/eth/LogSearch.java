package io.amchain.api.rpc.eth;

import io.amchain.api.NodeBackend;
import io.amchain.api.rpc.BlockLookup;
import io.amchain.api.rpc.BlockParameter;
import io.amchain.api.rpc.RpcError;
import io.amchain.api.rpc.json.EthJson;
import io.amchain.api.rpc.json.LocatedLog;
import io.amchain.ledger.block.Block;
import io.amchain.ledger.block.Receipt;
import io.amchain.vm.Cancellation;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Finds the logs a {@link LogFilter} selects in stored blocks. Each block's header bloom is checked
 * first, so only blocks that may hold a match have their receipts read.
 */
final class LogSearch {
  private final BlockLookup blocks;
  private final long maxBlockRange;
  private final int maxLogs;

  LogSearch(final BlockLookup blocks, final long maxBlockRange, final int maxLogs) {
    this.blocks = blocks;
    this.maxBlockRange = maxBlockRange;
    this.maxLogs = maxLogs;
  }

  List<LocatedLog> find(final LogFilter filter) {
    if (filter.blockHash() != null) {
      final Block block = blocks.byHash(filter.blockHash());
      if (block == null) {
        throw RpcError.SERVER_ERROR.exception("unknown block");
      }
      return limited(inBlock(block, filter));
    }
    final Block head = blocks.head();
    final long from = resolve(filter.fromBlock(), head);
    long to = resolve(filter.toBlock(), head);
    if (from > to) {
      throw RpcError.SERVER_ERROR.exception("invalid block range params");
    }
    to = Math.min(to, head.number());
    if (to - from + 1 > maxBlockRange) {
      throw RpcError.SERVER_ERROR.exception("exceed maximum block range: " + maxBlockRange);
    }
    final List<LocatedLog> logs = new ArrayList<>();
    // A scan whose caller timed out stops here rather than read the rest of its range.
    final Cancellation cancellation = Cancellation.current();
    for (long n = from; n <= to; n++) {
      cancellation.check();
      final Block block = blocks.byNumber(n);
      if (block != null && filter.mightMatch(block.header().logsBloom())) {
        logs.addAll(inBlock(block, filter));
        limited(logs);
      }
    }
    return logs;
  }

  /** Refuses a result longer than the limit: a client narrows its query rather than get part. */
  private List<LocatedLog> limited(final List<LocatedLog> logs) {
    if (logs.size() > maxLogs) {
      throw RpcError.LIMIT_EXCEEDED.exception(
          "query returned more than " + maxLogs + " results (--rpc-logs-limit)");
    }
    return logs;
  }

  /** The matching logs of one block (none when its receipts are not stored). */
  /**
   * The logs a move of the head changes, as geth reports them to filters and subscriptions: those
   * of the blocks that left the canonical chain, marked removed, then those of the blocks that
   * joined it.
   */
  List<LocatedLog> changed(final NodeBackend.HeadChange change, final LogFilter filter) {
    final List<LocatedLog> logs = new ArrayList<>();
    for (final Block block : change.removed()) {
      inBlock(block, filter).forEach(log -> logs.add(log.asRemoved()));
    }
    for (final Block block : change.added()) {
      logs.addAll(inBlock(block, filter));
    }
    return logs;
  }

  List<LocatedLog> inBlock(final Block block, final LogFilter filter) {
    if (!filter.mightMatch(block.header().logsBloom())) {
      return List.of();
    }
    final List<Receipt> receipts = blocks.chainStore().receipts(block.hash());
    return receipts == null ? List.of() : filter.select(EthJson.logs(block, receipts));
  }

  private long resolve(final @Nullable BlockParameter parameter, final Block head) {
    if (parameter == null) {
      return head.number();
    }
    if (parameter instanceof BlockParameter.ByNumber number) {
      return number.number();
    }
    return switch ((BlockParameter.Tag) parameter) {
      case LATEST, PENDING -> head.number();
      case EARLIEST -> 0;
      case SAFE, FINALIZED -> blocks.finalizedNumber(head.header());
    };
  }
}
