package io.amchain.vm.trace;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.UInt256;
import io.amchain.vm.FrameKind;
import io.amchain.vm.Halt;
import io.amchain.vm.Step;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * geth's default tracer, the struct logger: one entry per instruction with the gas before it and
 * its cost, the stack, and on request memory, return data and the storage slots the contract has
 * touched so far; then the transaction's gas, whether it failed and what it returned.
 *
 * <p>geth charges a call's cost before the call runs: its dynamic gas with the gas it hands the
 * callee (less the stipend). The EVM reports what the instruction took after the callee handed gas
 * back, so this logger adds back what the callee left (and for a creation, whose handed gas geth
 * does not count, takes off what the init code used).
 */
public final class StructLogger implements TraceResult {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** geth's logger options, as {@code debug_trace*} takes them at the top of its config. */
  public record Config(
      boolean disableStack,
      boolean disableStorage,
      boolean enableMemory,
      boolean enableReturnData) {
    public static final Config DEFAULT = new Config(false, false, false, false);
  }

  private static final class Entry {
    final int pc;
    final String op;
    final long gas;
    long gasCost;
    final long constantGas;
    final int depth;
    @Nullable String error;
    @Nullable List<String> stack;
    @Nullable Bytes returnData;
    @Nullable Bytes memory;
    @Nullable Map<String, String> storage;
    final long refund;
    long childGas;
    long childGasUsed;

    Entry(final Step step) {
      this.pc = step.pc();
      this.op = step.opName();
      this.gas = step.gas();
      this.constantGas = step.constantGas();
      this.depth = step.depth();
      this.refund = step.refund();
    }
  }

  private final Config config;
  private final List<Entry> entries = new ArrayList<>();

  /** Entries whose instruction is still running: a call waits for its callee. */
  private final Deque<Entry> running = new ArrayDeque<>();

  /** The slots each contract has loaded or stored so far, as geth's logger keeps them. */
  private final Map<Address, Map<String, String>> storage = new HashMap<>();

  private long gasUsed;
  private Bytes output = Bytes.EMPTY;
  private Halt halt = Halt.STOP;

  public StructLogger(final Config config) {
    this.config = config;
  }

  @Override
  public void onOpcode(final Step step) {
    final Entry entry = new Entry(step);
    final int size = step.stackSize();
    if (!config.disableStack()) {
      final List<String> stack = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        stack.add(step.stackItem(i).toString());
      }
      entry.stack = stack;
    }
    if (config.enableMemory() && step.memorySize() > 0) {
      entry.memory = step.memory();
    }
    if (config.enableReturnData()) {
      entry.returnData = step.returnData();
    }
    if (!config.disableStorage()) {
      final String op = entry.op;
      if (op.equals("SLOAD") && size >= 1) {
        final Map<String, String> slots = slots(step.address());
        slots.put(
            step.peek(0).toBytes().toHex(),
            step.state().getStorage(step.address(), step.peek(0).toUInt256()).toBytes32().toHex());
        entry.storage = new TreeMap<>(slots);
      } else if (op.equals("SSTORE") && size >= 2) {
        final Map<String, String> slots = slots(step.address());
        slots.put(step.peek(0).toBytes().toHex(), step.peek(1).toBytes().toHex());
        entry.storage = new TreeMap<>(slots);
      }
    }
    // An instruction that cannot start gets geth's error; the cost is its constant part.
    if (size < step.stackRequired()) {
      entry.error = "stack underflow (" + size + " <=> " + step.stackRequired() + ")";
    } else if (size > step.stackLimit()) {
      entry.error = "stack limit reached " + size + " (" + step.stackLimit() + ")";
    }
    entry.gasCost = entry.constantGas;
    entries.add(entry);
    running.push(entry);
  }

  private Map<String, String> slots(final Address address) {
    return storage.computeIfAbsent(address, a -> new HashMap<>());
  }

  @Override
  public void onOpcodeEnd(final long gasCost) {
    final Entry entry = running.pop();
    entry.error = null;
    entry.gasCost =
        switch (entry.op) {
          case "CALL", "CALLCODE", "DELEGATECALL", "STATICCALL" ->
              gasCost + entry.childGas - entry.childGasUsed;
          case "CREATE", "CREATE2" -> gasCost - entry.childGasUsed;
          default -> gasCost;
        };
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
    if (depth > 0 && !running.isEmpty()) {
      running.peek().childGas = gas;
    }
  }

  @Override
  public void onExit(final int depth, final Bytes output, final long gasUsed, final Halt halt) {
    // The instruction that failed the frame (its entries are one deeper) never ended.
    while (!running.isEmpty() && running.peek().depth > depth) {
      final Entry failed = running.pop();
      if (halt == Halt.OUT_OF_GAS && failed.error == null) {
        failed.error = halt.message();
      } else if (halt != Halt.STACK_UNDERFLOW && halt != Halt.STACK_OVERFLOW) {
        failed.error = null; // failed while running: geth logged it before, without an error
      }
    }
    if (depth > 0) {
      if (!running.isEmpty()) {
        running.peek().childGasUsed = gasUsed;
      }
      return;
    }
    this.output = output;
    this.halt = halt;
  }

  @Override
  public void onTxEnd(final long gasUsed) {
    this.gasUsed = gasUsed;
  }

  @Override
  public ObjectNode result() {
    final ObjectNode json = JSON.objectNode();
    json.put("gas", gasUsed);
    final boolean failed = !halt.isSuccess();
    json.put("failed", failed);
    json.put("returnValue", (failed && halt != Halt.REVERT ? Bytes.EMPTY : output).toHex());
    final ArrayNode logs = json.putArray("structLogs");
    for (final Entry entry : entries) {
      logs.add(json(entry));
    }
    return json;
  }

  /** geth's legacy JSON of a step: field order, and empty parts left out. */
  private static ObjectNode json(final Entry entry) {
    final ObjectNode json = JSON.objectNode();
    json.put("pc", entry.pc);
    json.put("op", entry.op);
    json.put("gas", entry.gas);
    json.put("gasCost", entry.gasCost);
    json.put("depth", entry.depth);
    if (entry.error != null) {
      json.put("error", entry.error);
    }
    final List<String> stack = entry.stack;
    if (stack != null) {
      final ArrayNode items = json.putArray("stack");
      stack.forEach(items::add);
    }
    final Bytes returnData = entry.returnData;
    if (returnData != null && !returnData.isEmpty()) {
      json.put("returnData", returnData.toHex());
    }
    final Bytes memory = entry.memory;
    if (memory != null && !memory.isEmpty()) {
      final ArrayNode words = json.putArray("memory");
      for (int i = 0; i < memory.size(); i += 32) {
        words.add(memory.slice(i, Math.min(i + 32, memory.size())).toHex());
      }
    }
    final Map<String, String> storage = entry.storage;
    if (storage != null && !storage.isEmpty()) {
      final ObjectNode slots = json.putObject("storage");
      storage.forEach(slots::put);
    }
    if (entry.refund != 0) {
      json.put("refund", entry.refund);
    }
    return json;
  }
}
