package io.amchain.api.rpc.debug;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amchain.api.NodeBackend;
import io.amchain.api.rpc.BlockLookup;
import io.amchain.api.rpc.BlockParameter;
import io.amchain.api.rpc.Json;
import io.amchain.api.rpc.MethodRegistry;
import io.amchain.api.rpc.Params;
import io.amchain.api.rpc.RpcConfig;
import io.amchain.api.rpc.RpcError;
import io.amchain.api.rpc.eth.Simulator;
import io.amchain.consensus.clique.Clique;
import io.amchain.ledger.block.Block;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.genesis.ForkSchedule;
import io.amchain.ledger.state.TrieWorldState;
import io.amchain.ledger.store.ChainStore;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.types.Hash;
import io.amchain.vm.BlockExecution;
import io.amchain.vm.Cancellation;
import io.amchain.vm.trace.TraceResult;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * The {@code debug_trace*} methods with geth's tracers. A transaction is traced by running its
 * block again, on the parent's state (a throwaway view, never committed), up to it and then with
 * the tracer; {@code debug_traceCall} runs the call as {@code eth_call} does, under the same gas
 * cap. The server's request timeout bounds both: the EVM polls the request's cancellation flag.
 */
public final class DebugMethods {
  private final NodeBackend backend;
  private final BlockLookup blocks;
  private final Simulator simulator;
  private final ForkSchedule forks;

  public DebugMethods(final NodeBackend backend, final RpcConfig config) {
    this.backend = backend;
    this.blocks = new BlockLookup(backend);
    this.simulator = new Simulator(blocks, backend.genesis(), config.gasCap());
    this.forks = backend.genesis().forks();
  }

  public void register(final MethodRegistry.Builder registry) {
    registry.read("debug_traceTransaction", (p, c) -> traceTransaction(p));
    registry.read("debug_traceCall", (p, c) -> traceCall(p));
    registry.read(
        "debug_traceBlockByNumber",
        (p, c) -> {
          final BlockParameter number = p.atMost(2).blockNumber(0);
          final Block block = blocks.find(number);
          if (block == null) {
            throw RpcError.SERVER_ERROR.exception("block #" + describe(number) + " not found");
          }
          return traceBlock(block, TraceConfig.parse(p.optional(1), 1));
        });
    registry.read(
        "debug_traceBlockByHash",
        (p, c) -> {
          final Hash hash = p.atMost(2).hash(0);
          final Block block = blocks.byHash(hash);
          if (block == null) {
            throw RpcError.SERVER_ERROR.exception("block " + hash.toHex() + " not found");
          }
          return traceBlock(block, TraceConfig.parse(p.optional(1), 1));
        });
  }

  private static String describe(final BlockParameter number) {
    return number instanceof BlockParameter.ByNumber byNumber
        ? Long.toString(byNumber.number())
        : number.toString().toLowerCase(Locale.ROOT);
  }

  private JsonNode traceTransaction(final Params params) {
    final Hash hash = params.atMost(2).hash(0);
    final TraceConfig config = TraceConfig.parse(params.optional(1), 1);
    final ChainStore.TransactionLocation location = blocks.chainStore().transactionLocation(hash);
    final Block block = location == null ? null : blocks.byHash(location.blockHash());
    if (location == null || block == null) {
      throw RpcError.SERVER_ERROR.exception("transaction not found");
    }
    if (block.number() == 0) {
      throw RpcError.SERVER_ERROR.exception("genesis is not traceable");
    }
    final JsonNode[] result = new JsonNode[1];
    replay(block, config, location.index(), (index, trace) -> result[0] = trace);
    return result[0];
  }

  private JsonNode traceBlock(final Block block, final TraceConfig config) {
    if (block.number() == 0) {
      throw RpcError.SERVER_ERROR.exception("genesis is not traceable");
    }
    final ArrayNode results = Json.array();
    replay(
        block,
        config,
        -1,
        (index, trace) -> {
          final ObjectNode entry = results.addObject();
          entry.put("txHash", block.transactions().get(index).hash().toHex());
          entry.set("result", trace);
        });
    return results;
  }

  /**
   * Runs the block's transactions on its parent's state; traces the one at {@code only}, or every
   * one when it is -1, and stops after the last traced.
   */
  private void replay(
      final Block block,
      final TraceConfig config,
      final int only,
      final BiConsumer<Integer, JsonNode> traced) {
    final BlockHeader header = block.header();
    final BlockHeader parent = blocks.chainStore().header(header.parentHash());
    if (parent == null) {
      throw RpcError.SERVER_ERROR.exception("parent " + header.parentHash().toHex() + " not found");
    }
    final BlockExecution execution =
        new BlockExecution(
            TrieWorldState.at(backend.stateNodes(), parent.stateRoot()),
            header,
            Clique.signer(header),
            backend.chainId(),
            forks,
            this::canonicalHash);
    final Cancellation cancellation = Cancellation.current();
    int logs = 0;
    final int last = only < 0 ? block.transactions().size() - 1 : only;
    for (int i = 0; i <= last; i++) {
      cancellation.check();
      final Transaction tx = block.transactions().get(i);
      if (only < 0 || i == only) {
        final TraceResult tracer = config.newTracer(execution.fork(), logs);
        logs += execution.apply(tx, tracer).logs().size();
        traced.accept(i, tracer.result());
      } else {
        logs += execution.apply(tx).logs().size();
      }
    }
  }

  private JsonNode traceCall(final Params params) {
    params.atMost(3);
    final BlockParameter at = params.blockNumberOrHash(1, BlockParameter.Tag.LATEST);
    if (at == BlockParameter.Tag.PENDING) {
      throw RpcError.SERVER_ERROR.exception("tracing on top of pending is not supported");
    }
    final JsonNode options = params.optional(2);
    if (options != null
        && (options.has("stateOverrides")
            || options.has("blockOverrides")
            || options.has("txIndex"))) {
      throw RpcError.INVALID_PARAMS.exception(
          "state and block overrides and txIndex are not supported");
    }
    final TraceConfig config = TraceConfig.parse(options, 2);
    final Block block = blocks.require(at);
    final TraceResult tracer = config.newTracer(forks.rulesOf(block.header()), 0);
    simulator.trace(params.required(0), block, tracer);
    return tracer.result();
  }

  private Hash canonicalHash(final long number) {
    final Hash hash = blocks.chainStore().canonicalHash(number);
    return hash == null ? Hash.ZERO : hash;
  }
}
