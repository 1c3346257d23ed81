package io.amchain.vm;

/** Receives one call per executed instruction (EIP-3155 traces). */
@FunctionalInterface
public interface Tracer {
  void step(
      int pc,
      int opcode,
      String name,
      long gas,
      long gasCost,
      long memorySize,
      Word[] stack,
      int stackSize,
      int depth,
      long refund);
}
