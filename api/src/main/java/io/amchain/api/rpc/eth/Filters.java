package io.amchain.api.rpc.eth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.amchain.api.NodeBackend;
import io.amchain.api.rpc.Json;
import io.amchain.api.rpc.RpcError;
import io.amchain.api.rpc.json.EthJson;
import io.amchain.api.rpc.json.LocatedLog;
import io.amchain.ledger.block.Block;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.types.Hash;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The polling filters of {@code eth_newFilter}, {@code eth_newBlockFilter} and {@code
 * eth_newPendingTransactionFilter}: each collects what arrives until {@code eth_getFilterChanges}
 * takes it. A filter not polled for the configured timeout is removed, as geth does after five
 * minutes; expired filters are swept on every new head and every filter call. At most the
 * configured number are installed at once.
 */
final class Filters {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One installed filter and what it has collected since the last poll. */
  private static final class Filter {
    private final Kind kind;
    private final LogFilter criteria;
    private final List<Object> collected = new ArrayList<>();
    private Instant lastPoll;

    Filter(final Kind kind, final LogFilter criteria, final Instant now) {
      this.kind = kind;
      this.criteria = criteria;
      this.lastPoll = now;
    }
  }

  private enum Kind {
    LOGS,
    BLOCKS,
    PENDING_TRANSACTIONS
  }

  private static final LogFilter ANY =
      new LogFilter(null, null, null, java.util.Set.of(), List.of());

  private final Map<String, Filter> filters = new ConcurrentHashMap<>();
  private final LogSearch search;
  private final Duration timeout;
  private final int maxFilters;
  private final Clock clock;

  Filters(final LogSearch search, final Duration timeout, final int maxFilters, final Clock clock) {
    this.search = search;
    this.timeout = timeout;
    this.maxFilters = maxFilters;
    this.clock = clock;
  }

  String newLogFilter(final LogFilter criteria) {
    return install(new Filter(Kind.LOGS, criteria, clock.instant()));
  }

  String newBlockFilter() {
    return install(new Filter(Kind.BLOCKS, ANY, clock.instant()));
  }

  String newPendingTransactionFilter() {
    return install(new Filter(Kind.PENDING_TRANSACTIONS, ANY, clock.instant()));
  }

  /**
   * Filters are not tied to a connection (HTTP has none), so the cap is over all clients: a client
   * that installs filters and never polls holds them only until they expire.
   */
  private synchronized String install(final Filter filter) {
    sweep();
    if (filters.size() >= maxFilters) {
      throw RpcError.LIMIT_EXCEEDED.exception(
          "too many filters installed (limit "
              + maxFilters
              + ", --rpc-max-filters); uninstall some or let them expire");
    }
    final String id = newId();
    filters.put(id, filter);
    return id;
  }

  /** What the filter collected since the last poll: logs, block hashes or transaction hashes. */
  ArrayNode changes(final String id) {
    sweep();
    final Filter filter = require(id);
    final List<Object> items;
    synchronized (filter) {
      items = List.copyOf(filter.collected);
      filter.collected.clear();
      filter.lastPoll = clock.instant();
    }
    final ArrayNode json = Json.array();
    for (final Object item : items) {
      if (item instanceof LocatedLog log) {
        json.add(EthJson.log(log));
      } else {
        json.add(((Hash) item).toHex());
      }
    }
    return json;
  }

  /** Every log the filter's criteria select, over its whole range. */
  ArrayNode logs(final String id) {
    sweep();
    final Filter filter = require(id);
    if (filter.kind != Kind.LOGS) {
      throw RpcError.SERVER_ERROR.exception("filter not found");
    }
    synchronized (filter) {
      filter.lastPoll = clock.instant();
    }
    return EthJson.logs(search.find(filter.criteria));
  }

  boolean uninstall(final String id) {
    sweep();
    return filters.remove(canonicalId(id)) != null;
  }

  void onNewHead(final NodeBackend.HeadChange change) {
    sweep();
    List<LocatedLog> changedLogs = null;
    for (final Filter filter : filters.values()) {
      if (filter.kind == Kind.BLOCKS) {
        add(filter, change.added().stream().map(Block::hash).toList());
      } else if (filter.kind == Kind.LOGS) {
        if (changedLogs == null) {
          changedLogs = search.changed(change, ANY);
        }
        add(filter, filter.criteria.select(changedLogs));
      }
    }
  }

  void onPendingTransaction(final Transaction tx) {
    for (final Filter filter : filters.values()) {
      if (filter.kind == Kind.PENDING_TRANSACTIONS) {
        add(filter, List.of(tx.hash()));
      }
    }
  }

  private static void add(final Filter filter, final List<?> items) {
    if (!items.isEmpty()) {
      synchronized (filter) {
        filter.collected.addAll(items);
      }
    }
  }

  private Filter require(final String id) {
    final Filter filter = filters.get(canonicalId(id));
    if (filter == null) {
      throw RpcError.SERVER_ERROR.exception("filter not found");
    }
    return filter;
  }

  private void sweep() {
    final Instant deadline = clock.instant().minus(timeout);
    filters
        .entrySet()
        .removeIf(
            entry -> {
              synchronized (entry.getValue()) {
                return entry.getValue().lastPoll.isBefore(deadline);
              }
            });
  }

  /**
   * A random 128-bit id in geth's form: a hex quantity, without leading zeros. Clients such as
   * web3j keep an id as a number and send it back without them, so an id written with a leading
   * zero (one in sixteen) would not be found again.
   */
  static String newId() {
    final byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return canonicalId("0x" + HexFormat.of().formatHex(bytes));
  }

  /** An id as {@link #newId} writes it, whatever leading zeros or letter case a client sent. */
  static String canonicalId(final String id) {
    String digits = id.startsWith("0x") || id.startsWith("0X") ? id.substring(2) : id;
    digits = digits.toLowerCase(Locale.ROOT).replaceFirst("^0+", "");
    return "0x" + (digits.isEmpty() ? "0" : digits);
  }
}
