package io.amchain.api.rpc.eth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amchain.api.NodeBackend;
import io.amchain.api.rpc.BlockLookup;
import io.amchain.api.rpc.BlockParameter;
import io.amchain.api.rpc.HexCodec;
import io.amchain.api.rpc.Json;
import io.amchain.api.rpc.MethodRegistry;
import io.amchain.api.rpc.Params;
import io.amchain.api.rpc.RpcConfig;
import io.amchain.api.rpc.RpcError;
import io.amchain.api.rpc.json.EthJson;
import io.amchain.ledger.block.Block;
import io.amchain.ledger.block.Receipt;
import io.amchain.ledger.state.TrieWorldState;
import io.amchain.ledger.state.WorldState;
import io.amchain.ledger.store.ChainStore;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.tx.TransactionException;
import io.amchain.ledger.tx.TransactionType;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The {@code eth_} namespace: chain and state reads, calls and estimates, transaction submission,
 * logs, polling filters and WebSocket subscriptions, with geth's shapes and errors.
 */
public final class EthMethods implements AutoCloseable {
  private final NodeBackend backend;
  private final BlockLookup blocks;
  private final RpcConfig config;
  private final Simulator simulator;
  private final FeeOracle fees;
  private final LogSearch logs;
  private final Filters filters;
  private final Subscriptions subscriptions;
  private final List<AutoCloseable> listeners = new ArrayList<>();

  public EthMethods(final NodeBackend backend, final RpcConfig config) {
    this(backend, config, Clock.systemUTC());
  }

  /** With a clock for filter expiry (tests). */
  public EthMethods(final NodeBackend backend, final RpcConfig config, final Clock clock) {
    this.backend = backend;
    this.blocks = new BlockLookup(backend);
    this.config = config;
    this.simulator = new Simulator(blocks, backend.genesis(), config.gasCap());
    this.fees = new FeeOracle(blocks, backend.minTip());
    this.logs = new LogSearch(blocks, config.maxLogBlockRange(), config.limits().logs());
    this.filters = new Filters(logs, config.filterTimeout(), config.limits().filters(), clock);
    this.subscriptions =
        new Subscriptions(backend, logs, config.limits().subscriptionsPerConnection());
    listeners.add(backend.onNewHead(filters::onNewHead));
    listeners.add(backend.onPendingTransaction(filters::onPendingTransaction));
  }

  public void register(final MethodRegistry.Builder registry) {
    registry.read("eth_chainId", (p, c) -> quantity(backend.chainId()));
    registry.read("eth_syncing", (p, c) -> syncing());
    registry.read("eth_blockNumber", (p, c) -> quantity(blocks.head().number()));
    registry.read("eth_accounts", (p, c) -> Json.array());
    registry.read("eth_gasPrice", (p, c) -> quantity(fees.gasPrice()));
    registry.read("eth_maxPriorityFeePerGas", (p, c) -> quantity(fees.suggestTip()));
    registry.read("eth_feeHistory", (p, c) -> feeHistory(p));
    registry.read(
        "eth_getBalance",
        (p, c) -> quantity(state(p.atMost(2).blockNumberOrHash(1)).getBalance(p.address(0))));
    registry.read("eth_getTransactionCount", (p, c) -> transactionCount(p));
    registry.read(
        "eth_getCode",
        (p, c) -> Json.text(state(p.atMost(2).blockNumberOrHash(1)).getCode(p.address(0)).toHex()));
    registry.read(
        "eth_getStorageAt",
        (p, c) ->
            Json.text(
                state(p.atMost(3).blockNumberOrHash(2))
                    .getStorage(p.address(0), p.get(1, HexCodec::parseSlot))
                    .toBytes32()
                    .toHex()));
    registry.read("eth_call", (p, c) -> call(p));
    registry.read("eth_estimateGas", (p, c) -> estimateGas(p));
    registry.add("eth_sendRawTransaction", MethodRegistry.Access.OPEN, (p, c) -> sendRaw(p));
    registry.read(
        "eth_getBlockByNumber",
        (p, c) -> block(blocks.find(p.atMost(2).blockNumber(0)), p.bool(1)));
    registry.read(
        "eth_getBlockByHash", (p, c) -> block(blocks.byHash(p.atMost(2).hash(0)), p.bool(1)));
    registry.read(
        "eth_getBlockTransactionCountByNumber",
        (p, c) -> transactionCount(blocks.find(p.atMost(1).blockNumber(0))));
    registry.read(
        "eth_getBlockTransactionCountByHash",
        (p, c) -> transactionCount(blocks.byHash(p.atMost(1).hash(0))));
    registry.read("eth_getTransactionByHash", (p, c) -> transactionByHash(p.atMost(1).hash(0)));
    registry.read(
        "eth_getTransactionByBlockNumberAndIndex",
        (p, c) -> transactionAt(blocks.find(p.atMost(2).blockNumber(0)), p.uint64(1)));
    registry.read(
        "eth_getTransactionByBlockHashAndIndex",
        (p, c) -> transactionAt(blocks.byHash(p.atMost(2).hash(0)), p.uint64(1)));
    registry.read("eth_getTransactionReceipt", (p, c) -> receipt(p.atMost(1).hash(0)));
    registry.read(
        "eth_getBlockReceipts",
        (p, c) -> blockReceipts(blocks.find(p.atMost(1).blockNumberOrHash(0))));
    registry.read(
        "eth_getLogs", (p, c) -> EthJson.logs(logs.find(p.atMost(1).get(0, LogFilter::parse))));
    registry.read(
        "eth_newFilter",
        (p, c) -> Json.text(filters.newLogFilter(p.atMost(1).get(0, LogFilter::parse))));
    registry.read("eth_newBlockFilter", (p, c) -> Json.text(filters.newBlockFilter()));
    registry.read(
        "eth_newPendingTransactionFilter",
        (p, c) -> Json.text(filters.newPendingTransactionFilter()));
    registry.read("eth_getFilterChanges", (p, c) -> filters.changes(filterId(p)));
    registry.read("eth_getFilterLogs", (p, c) -> filters.logs(filterId(p)));
    registry.read("eth_uninstallFilter", (p, c) -> Json.bool(filters.uninstall(filterId(p))));
    registry.read("eth_subscribe", subscriptions::subscribe);
    registry.read("eth_unsubscribe", subscriptions::unsubscribe);
    registry.read("eth_getProof", (p, c) -> proof(p));
  }

  private static JsonNode quantity(final long value) {
    return Json.text(HexCodec.quantity(value));
  }

  private static JsonNode quantity(final UInt256 value) {
    return Json.text(HexCodec.quantity(value));
  }

  private JsonNode syncing() {
    return backend
        .syncing()
        .<JsonNode>map(
            status -> {
              final ObjectNode json = Json.object();
              json.put("startingBlock", HexCodec.quantity(status.startingBlock()));
              json.put("currentBlock", HexCodec.quantity(status.currentBlock()));
              json.put("highestBlock", HexCodec.quantity(status.highestBlock()));
              return json;
            })
        .orElse(Json.bool(false));
  }

  /** A read-only view of the state after the block a parameter names. */
  private WorldState state(final BlockParameter parameter) {
    return stateOf(blocks.require(parameter));
  }

  private WorldState stateOf(final Block block) {
    return TrieWorldState.readOnly(backend.stateNodes(), block.header().stateRoot());
  }

  /**
   * The nonce after a block; for {@code pending}, the pool's next nonce for the sender, which
   * starts from the head's.
   */
  private JsonNode transactionCount(final Params params) {
    params.atMost(2);
    final Address address = params.address(0);
    final BlockParameter parameter = params.blockNumberOrHash(1);
    if (parameter == BlockParameter.Tag.PENDING) {
      return quantity(backend.nextNonce(address));
    }
    return quantity(state(parameter).getNonce(address));
  }

  private JsonNode call(final Params params) {
    params.atMost(4);
    if (params.has(2) || params.has(3)) {
      throw RpcError.INVALID_PARAMS.exception("state and block overrides are not supported");
    }
    final CallArgs args = params.get(0, node -> CallArgs.parse(node, backend.chainId()));
    final Block block = blocks.require(params.blockNumberOrHash(1, BlockParameter.Tag.LATEST));
    return Json.text(simulator.call(args, block).toHex());
  }

  private JsonNode estimateGas(final Params params) {
    params.atMost(3);
    if (params.has(2)) {
      throw RpcError.INVALID_PARAMS.exception("state overrides are not supported");
    }
    final CallArgs args = params.get(0, node -> CallArgs.parse(node, backend.chainId()));
    final Block block = blocks.require(params.blockNumberOrHash(1, BlockParameter.Tag.LATEST));
    return quantity(simulator.estimate(args, block));
  }

  /**
   * Decodes and hands the transaction to the pool, whose door checks every rule (decoding is the
   * only check made here, and the node's replay-protection policy, which is the RPC's own).
   */
  private CompletionStage<JsonNode> sendRaw(final Params params) {
    final Bytes raw = params.atMost(1).data(0);
    final Transaction tx;
    try {
      tx = Transaction.decode(raw);
    } catch (TransactionException e) {
      throw RpcError.transactionRefused(e.reason(), e.detail());
    }
    if (!config.allowUnprotectedTransactions()
        && tx.type() == TransactionType.LEGACY
        && tx.chainId() == null) {
      throw RpcError.transactionRefused(TransactionException.Reason.UNPROTECTED, "");
    }
    return backend.submit(tx).thenApply(hash -> Json.text(hash.toHex()));
  }

  private JsonNode block(final @Nullable Block block, final boolean full) {
    if (block == null) {
      return Json.nullNode();
    }
    return EthJson.block(block, blocks.chainStore().totalDifficulty(block.hash()), full);
  }

  private static JsonNode transactionCount(final @Nullable Block block) {
    return block == null ? Json.nullNode() : quantity(block.transactions().size());
  }

  private JsonNode transactionByHash(final Hash hash) {
    final ChainStore.TransactionLocation location = blocks.chainStore().transactionLocation(hash);
    if (location != null) {
      final Block block = blocks.byHash(location.blockHash());
      if (block != null) {
        return EthJson.transaction(
            block.transactions().get(location.index()), block, location.index());
      }
    }
    for (final Map<Address, SortedMap<Long, Transaction>> pool :
        List.of(backend.pending(), backend.queued())) {
      for (final SortedMap<Long, Transaction> bySender : pool.values()) {
        for (final Transaction tx : bySender.values()) {
          if (tx.hash().equals(hash)) {
            return EthJson.transaction(tx, null, 0);
          }
        }
      }
    }
    return Json.nullNode();
  }

  private static JsonNode transactionAt(final @Nullable Block block, final long index) {
    if (block == null || index < 0 || index >= block.transactions().size()) {
      return Json.nullNode();
    }
    return EthJson.transaction(block.transactions().get((int) index), block, (int) index);
  }

  private JsonNode receipt(final Hash hash) {
    final ChainStore.TransactionLocation location = blocks.chainStore().transactionLocation(hash);
    if (location == null) {
      return Json.nullNode();
    }
    final Block block = blocks.byHash(location.blockHash());
    final List<Receipt> receipts = blocks.chainStore().receipts(location.blockHash());
    if (block == null || receipts == null) {
      return Json.nullNode();
    }
    return EthJson.receipt(block, receipts, location.index());
  }

  private JsonNode blockReceipts(final @Nullable Block block) {
    if (block == null) {
      return Json.nullNode();
    }
    final List<Receipt> receipts = blocks.chainStore().receipts(block.hash());
    if (receipts == null) {
      return Json.nullNode();
    }
    final ArrayNode json = Json.array();
    for (int i = 0; i < receipts.size(); i++) {
      json.add(EthJson.receipt(block, receipts, i));
    }
    return json;
  }

  private JsonNode feeHistory(final Params params) {
    params.atMost(3);
    final long count = params.get(0, EthMethods::hexOrDecimal);
    final BlockParameter newest = params.blockNumber(1);
    final List<Double> percentiles =
        params.get(
            2,
            node -> {
              if (!node.isArray()) {
                throw new IllegalArgumentException("reward percentiles must be an array");
              }
              final List<Double> values = new ArrayList<>();
              node.forEach(
                  item -> {
                    if (!item.isNumber()) {
                      throw new IllegalArgumentException("reward percentile must be a number");
                    }
                    values.add(item.doubleValue());
                  });
              return values;
            },
            List.of());
    final Block head = blocks.head();
    final Block block = blocks.find(newest);
    if (block == null) {
      final long requested =
          newest instanceof BlockParameter.ByNumber number ? number.number() : head.number();
      throw RpcError.SERVER_ERROR.exception(
          "request beyond head block: requested " + requested + ", head " + head.number());
    }
    return fees.history(count, block, percentiles);
  }

  /** geth's math.HexOrDecimal64: a JSON number, or a string in hex (0x) or decimal. */
  private static long hexOrDecimal(final JsonNode node) {
    if (node.isIntegralNumber() && node.canConvertToLong() && node.longValue() >= 0) {
      return node.longValue();
    }
    if (node.isTextual()) {
      final String text = node.textValue();
      // Long.parseUnsignedLong would take the digits of any script, as Character.digit does.
      final boolean hex = text.startsWith("0x") || text.startsWith("0X");
      final String digits = hex ? text.substring(2) : text;
      if (!digits.matches(hex ? "[0-9a-fA-F]+" : "[0-9]+")) {
        throw new IllegalArgumentException("invalid number " + text);
      }
      try {
        return Long.parseUnsignedLong(digits, hex ? 16 : 10);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("invalid number " + text, e);
      }
    }
    throw new IllegalArgumentException("invalid number " + node);
  }

  private static String filterId(final Params params) {
    return params
        .atMost(1)
        .get(
            0,
            node -> {
              if (!node.isTextual()) {
                throw new IllegalArgumentException("filter id must be a string");
              }
              return node.textValue();
            });
  }

  private JsonNode proof(final Params params) {
    params.atMost(3);
    final Address address = params.address(0);
    final List<Proofs.Slot> slots =
        params.get(
            1,
            node -> {
              if (!node.isArray()) {
                throw new IllegalArgumentException("storage keys must be an array");
              }
              final List<Proofs.Slot> keys = new ArrayList<>();
              node.forEach(key -> keys.add(new Proofs.Slot(key.asText(), HexCodec.parseSlot(key))));
              return keys;
            });
    final Block block = blocks.require(params.blockNumberOrHash(2));
    return Proofs.prove(backend.stateNodes(), block.header().stateRoot(), address, slots);
  }

  @Override
  public void close() {
    subscriptions.closeAll();
    for (final AutoCloseable listener : listeners) {
      try {
        listener.close();
      } catch (Exception e) {
        // A listener handle that fails to close belongs to a backend that is going away too.
      }
    }
  }
}
