package io.amchain.vm.trace;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amchain.ledger.block.Log;
import io.amchain.ledger.state.WorldState;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import io.amchain.vm.BlockEnvironment;
import io.amchain.vm.FrameKind;
import io.amchain.vm.Halt;
import io.amchain.vm.RevertReason;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * geth's {@code callTracer}: the tree of frames a transaction opened (calls, creations,
 * self-destructs) with their gas, input, output and error, and with {@code withLog} the logs each
 * frame emitted, placed among its calls by {@code position}. {@code onlyTopCall} keeps the
 * transaction's own frame alone.
 */
public final class CallTracer implements TraceResult {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final boolean onlyTopCall;
  private final boolean withLog;
  private final int logIndexBase;
  private final Deque<Frame> open = new ArrayDeque<>();
  private @Nullable Frame top;
  private long gasLimit;
  private long gasUsed;
  private int depth;

  /**
   * @param logIndexBase the logs of the block's earlier transactions: a log's {@code index} counts
   *     in the block, as in its receipt
   */
  public CallTracer(final boolean onlyTopCall, final boolean withLog, final int logIndexBase) {
    this.onlyTopCall = onlyTopCall;
    this.withLog = withLog;
    this.logIndexBase = logIndexBase;
  }

  private static final class Frame {
    final FrameKind kind;
    final Address from;
    @Nullable Address to;
    final Bytes input;
    long gas;
    final @Nullable UInt256 value;
    long gasUsed;
    @Nullable Bytes output;
    @Nullable String error;
    @Nullable String revertReason;
    boolean failed;
    final List<Frame> calls = new ArrayList<>();
    final List<ObjectNode> logs = new ArrayList<>();

    Frame(
        final FrameKind kind,
        final Address from,
        final Address to,
        final Bytes input,
        final long gas,
        final @Nullable UInt256 value) {
      this.kind = kind;
      this.from = from;
      this.to = to;
      this.input = input;
      this.gas = gas;
      this.value = value;
    }
  }

  @Override
  public void onTxStart(
      final WorldState state,
      final BlockEnvironment block,
      final Address from,
      final @Nullable Address to,
      final long gasLimit) {
    this.gasLimit = gasLimit;
  }

  @Override
  public void onTxEnd(final long gasUsed) {
    this.gasUsed = gasUsed;
  }

  @Override
  public void onEnter(
      final int depth,
      final FrameKind kind,
      final Address from,
      final Address to,
      final Bytes input,
      final long gas,
      final @Nullable UInt256 value) {
    this.depth = depth;
    if (onlyTopCall && depth > 0) {
      return;
    }
    final Frame frame = new Frame(kind, from, to, input, depth == 0 ? gasLimit : gas, value);
    if (depth == 0) {
      top = frame;
    }
    open.push(frame);
  }

  @Override
  public void onExit(final int depth, final Bytes output, final long gasUsed, final Halt halt) {
    this.depth = depth - 1;
    if (onlyTopCall && depth > 0) {
      return;
    }
    final Frame frame = open.pop();
    frame.gasUsed = gasUsed;
    finish(frame, output, halt);
    if (!open.isEmpty()) {
      open.peek().calls.add(frame);
    }
  }

  /** geth's processOutput: a failure keeps its output only when it is a revert's. */
  private static void finish(final Frame frame, final Bytes output, final Halt halt) {
    if (halt.isSuccess()) {
      frame.output = output;
      return;
    }
    frame.error = halt.message();
    frame.failed = true;
    if (frame.kind.isCreate()) {
      frame.to = null;
    }
    if (halt != Halt.REVERT || output.isEmpty()) {
      return;
    }
    frame.output = output;
    if (output.size() >= 4) {
      frame.revertReason = RevertReason.decode(output).orElse(null);
    }
  }

  @Override
  public void onLog(final Log log, final int index) {
    if (!withLog || (onlyTopCall && depth > 0) || open.isEmpty()) {
      return;
    }
    final Frame frame = open.peek();
    final ObjectNode json = JSON.objectNode();
    json.put("address", log.address().toHex());
    final ArrayNode topics = json.putArray("topics");
    for (final Hash topic : log.topics()) {
      topics.add(topic.toHex());
    }
    json.put("data", log.data().toHex());
    json.put("index", quantity(logIndexBase + index));
    json.put("position", quantity(frame.calls.size()));
    frame.logs.add(json);
  }

  @Override
  public ObjectNode result() {
    final Frame frame = top;
    if (frame == null) {
      throw new IllegalStateException("incorrect number of top-level calls");
    }
    frame.gasUsed = gasUsed;
    return json(frame, false);
  }

  /** geth's field order; the logs of a failed frame and of all below it are dropped. */
  private ObjectNode json(final Frame frame, final boolean parentFailed) {
    final boolean failed = frame.failed || parentFailed;
    final ObjectNode json = JSON.objectNode();
    json.put("from", frame.from.toHex());
    json.put("gas", quantity(frame.gas));
    json.put("gasUsed", quantity(frame.gasUsed));
    final Address to = frame.to;
    if (to != null) {
      json.put("to", to.toHex());
    }
    json.put("input", frame.input.toHex());
    final Bytes output = frame.output;
    if (output != null && !output.isEmpty()) {
      json.put("output", output.toHex());
    }
    if (frame.error != null) {
      json.put("error", frame.error);
    }
    if (frame.revertReason != null && !frame.revertReason.isEmpty()) {
      json.put("revertReason", frame.revertReason);
    }
    if (!frame.calls.isEmpty()) {
      final ArrayNode calls = json.putArray("calls");
      for (final Frame call : frame.calls) {
        calls.add(json(call, failed));
      }
    }
    if (withLog && !failed && !frame.logs.isEmpty()) {
      json.putArray("logs").addAll(frame.logs);
    }
    final UInt256 value = frame.value;
    if (value != null) {
      json.put("value", value.toQuantity());
    }
    json.put("type", frame.kind.name());
    return json;
  }

  static String quantity(final long value) {
    return "0x" + Long.toHexString(value);
  }
}
