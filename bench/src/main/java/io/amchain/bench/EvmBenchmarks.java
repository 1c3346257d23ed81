package io.amchain.bench;

import io.amchain.ledger.types.Bytes;
import io.amchain.vm.CodeRunner;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Interpreter throughput on two loops of 10,000 iterations. Mgas/s = gas used per operation
 * (printed by {@code amchain evm run} for the same code) divided by the time per operation.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EvmBenchmarks {
  /**
   * i = 10000; do { i = i - 1 + (i * 3 % 7) - (i * 3 % 7) } while (i != 0): arithmetic and jumps.
   */
  static final Bytes ARITHMETIC_LOOP =
      Bytes.fromHex("0x6127105b6001900380600302600790065080600357" + "00");

  /** i = 10000; do { mstore(0, keccak256(0, 64)); i-- } while (i != 0): hashing and memory. */
  static final Bytes KECCAK_LOOP = Bytes.fromHex("0x6127105b60405f205f526001900380600357" + "00");

  @Benchmark
  public CodeRunner.Outcome arithmeticLoop() {
    return CodeRunner.run(ARITHMETIC_LOOP, Bytes.EMPTY, 100_000_000, null);
  }

  @Benchmark
  public CodeRunner.Outcome keccakLoop() {
    return CodeRunner.run(KECCAK_LOOP, Bytes.EMPTY, 100_000_000, null);
  }
}
