package io.amchain.vm;

import io.amchain.ledger.types.Bytes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * Writes one EIP-3155 JSON object per executed instruction, once its cost is known: after the
 * instruction, so a call's line follows its callee's lines. An instruction that fails its frame
 * writes no line.
 */
public final class Eip3155Tracer implements Tracer {
  private final Consumer<String> out;

  /** Lines of instructions still running (calls wait for their callee), innermost first. */
  private final Deque<Pending> pending = new ArrayDeque<>();

  private record Pending(int depth, String head, String tail) {}

  public Eip3155Tracer(final Consumer<String> out) {
    this.out = out;
  }

  @Override
  public void onOpcode(final Step step) {
    final StringBuilder head = new StringBuilder(64);
    head.append("{\"pc\":")
        .append(step.pc())
        .append(",\"op\":")
        .append(step.opcode())
        .append(",\"gas\":\"0x")
        .append(Long.toHexString(step.gas()))
        .append("\",\"gasCost\":\"0x");
    final StringBuilder tail = new StringBuilder(128);
    tail.append("\",\"memSize\":").append(step.memorySize()).append(",\"stack\":[");
    for (int i = 0; i < step.stackSize(); i++) {
      tail.append(i == 0 ? "\"" : ",\"").append(step.stackItem(i)).append('"');
    }
    tail.append("],\"depth\":")
        .append(step.depth())
        .append(",\"refund\":")
        .append(step.refund())
        .append(",\"opName\":\"")
        .append(step.opName())
        .append("\"}");
    pending.push(new Pending(step.depth(), head.toString(), tail.toString()));
  }

  @Override
  public void onOpcodeEnd(final long gasCost) {
    final Pending line = pending.pop();
    out.accept(line.head() + Long.toHexString(gasCost) + line.tail());
  }

  @Override
  public void onExit(final int depth, final Bytes output, final long gasUsed, final Halt halt) {
    // The instruction that failed the frame (its steps are one deeper) writes no line.
    while (!pending.isEmpty() && pending.peek().depth() > depth) {
      pending.pop();
    }
  }
}
