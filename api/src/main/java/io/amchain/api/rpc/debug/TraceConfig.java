package io.amchain.api.rpc.debug;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.amchain.api.rpc.HexCodec;
import io.amchain.api.rpc.RpcError;
import io.amchain.ledger.types.Fork;
import io.amchain.vm.trace.CallTracer;
import io.amchain.vm.trace.PrestateTracer;
import io.amchain.vm.trace.StructLogger;
import io.amchain.vm.trace.TraceResult;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The trace config of a {@code debug_trace*} request, read as geth reads its {@code TraceConfig}:
 * the struct logger's options at the top level, {@code tracer} naming one of geth's native tracers,
 * and {@code tracerConfig} with that tracer's own options. Unknown fields are ignored, as Go's JSON
 * decoder ignores them; a field of the wrong type is -32602 in geth's words.
 */
record TraceConfig(@Nullable String tracer, StructLogger.Config logger, JsonNode tracerConfig) {

  /** An absent {@code tracerConfig}: geth reads it as {@code {}}. Never written to. */
  private static final JsonNode NO_OPTIONS = JsonNodeFactory.instance.objectNode();

  private static final Set<String> TRACERS = Set.of("callTracer", "prestateTracer");

  /** Reads argument {@code index}; null or absent means the struct logger with its defaults. */
  static TraceConfig parse(final @Nullable JsonNode node, final int index) {
    if (node == null || node.isNull()) {
      return new TraceConfig(null, StructLogger.Config.DEFAULT, NO_OPTIONS);
    }
    if (!node.isObject()) {
      throw RpcError.invalidArgument(
          index,
          "json: cannot unmarshal "
              + HexCodec.jsonKind(node)
              + " into Go value of type tracers.TraceConfig");
    }
    final JsonNode tracerNode = node.get("tracer");
    String tracer = null;
    if (tracerNode != null && !tracerNode.isNull()) {
      if (!tracerNode.isTextual()) {
        throw wrongType(index, "tracer", tracerNode, "string");
      }
      tracer = tracerNode.textValue();
    }
    final JsonNode timeout = node.get("timeout");
    if (timeout != null && !timeout.isNull() && !timeout.isTextual()) {
      throw wrongType(index, "timeout", timeout, "string");
    }
    final StructLogger.Config logger =
        new StructLogger.Config(
            flag(node, "disableStack", index),
            flag(node, "disableStorage", index),
            flag(node, "enableMemory", index),
            flag(node, "enableReturnData", index));
    final JsonNode tracerConfig = node.get("tracerConfig");
    if (tracerConfig != null && !tracerConfig.isNull() && !tracerConfig.isObject()) {
      throw wrongType(index, "tracerConfig", tracerConfig, "json.RawMessage");
    }
    return new TraceConfig(
        tracer, logger, tracerConfig == null || tracerConfig.isNull() ? NO_OPTIONS : tracerConfig);
  }

  /**
   * A fresh tracer for one transaction.
   *
   * @param logIndexBase the logs the block's earlier transactions emitted
   */
  TraceResult newTracer(final Fork fork, final int logIndexBase) {
    final String name = tracer;
    if (name == null) {
      return new StructLogger(logger);
    }
    if (!TRACERS.contains(name)) {
      // geth would evaluate any other name as JavaScript; this node has no JavaScript tracers.
      throw RpcError.SERVER_ERROR.exception(
          "tracer not found: " + name + " (there are callTracer, prestateTracer and the default)");
    }
    try {
      if (name.equals("callTracer")) {
        return new CallTracer(
            option(tracerConfig, "onlyTopCall"), option(tracerConfig, "withLog"), logIndexBase);
      }
      return new PrestateTracer(
          new PrestateTracer.Config(
              option(tracerConfig, "diffMode"),
              option(tracerConfig, "disableCode"),
              option(tracerConfig, "disableStorage"),
              option(tracerConfig, "includeEmpty")),
          fork);
    } catch (IllegalArgumentException e) {
      throw RpcError.SERVER_ERROR.exception(String.valueOf(e.getMessage()));
    }
  }

  private static boolean flag(final JsonNode node, final String field, final int index) {
    final JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw wrongType(index, field, value, "bool");
    }
    return value.booleanValue();
  }

  /** A tracer's own option: geth's tracer fails to start on a wrong type (-32000). */
  private static boolean option(final JsonNode config, final String field) {
    final JsonNode value = config.get(field);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw new IllegalArgumentException(
          "json: cannot unmarshal "
              + HexCodec.jsonKind(value)
              + " into Go struct field ."
              + field
              + " of type bool");
    }
    return value.booleanValue();
  }

  private static RuntimeException wrongType(
      final int index, final String field, final JsonNode value, final String type) {
    return RpcError.invalidArgument(
        index,
        "json: cannot unmarshal "
            + HexCodec.jsonKind(value)
            + " into Go struct field TraceConfig."
            + field
            + " of type "
            + type);
  }
}
