package io.amchain.vm;

import java.util.function.Consumer;

/** Writes one EIP-3155 JSON object per executed instruction. */
public final class Eip3155Tracer implements Tracer {
  private final Consumer<String> out;

  public Eip3155Tracer(final Consumer<String> out) {
    this.out = out;
  }

  @Override
  public void step(
      final int pc,
      final int opcode,
      final String name,
      final long gas,
      final long gasCost,
      final long memorySize,
      final Word[] stack,
      final int stackSize,
      final int depth,
      final long refund) {
    final StringBuilder json = new StringBuilder(128);
    json.append("{\"pc\":")
        .append(pc)
        .append(",\"op\":")
        .append(opcode)
        .append(",\"gas\":\"0x")
        .append(Long.toHexString(gas))
        .append("\",\"gasCost\":\"0x")
        .append(Long.toHexString(gasCost))
        .append("\",\"memSize\":")
        .append(memorySize)
        .append(",\"stack\":[");
    for (int i = 0; i < stackSize; i++) {
      json.append(i == 0 ? "\"" : ",\"").append(stack[i]).append('"');
    }
    json.append("],\"depth\":")
        .append(depth)
        .append(",\"refund\":")
        .append(refund)
        .append(",\"opName\":\"")
        .append(name)
        .append("\"}");
    out.accept(json.toString());
  }
}
