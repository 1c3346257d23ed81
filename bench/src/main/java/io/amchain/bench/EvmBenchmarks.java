package io.amchain.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amchain.ledger.types.Bytes;
import io.amchain.vm.CodeRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
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

  private CodeRunner.Session token;
  private Bytes transfer = Bytes.EMPTY;

  /**
   * OpenZeppelin's ERC-20, compiled by solc-js: {@code cd bench/js && npm ci && node compare.mjs}
   * writes build/bench.json (and times the same calls on ethereumjs).
   */
  @Setup
  public void deployToken() throws IOException {
    final Path build =
        Path.of(System.getProperty("amchain.bench.contracts", "bench/js/build/bench.json"));
    final JsonNode compiled = new ObjectMapper().readTree(build.toFile());
    token = new CodeRunner.Session(Bytes.fromHex(compiled.get("creation").asText()));
    transfer = Bytes.fromHex(compiled.get("transfer").asText());
    final CodeRunner.Outcome outcome = token.call(transfer, 1_000_000);
    if (!outcome.halt().isSuccess()) {
      throw new IllegalStateException("transfer failed: " + outcome.halt());
    }
    System.out.println("erc20 transfer gas used: " + outcome.gasUsed());
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public CodeRunner.Outcome erc20Transfer() {
    return token.call(transfer, 1_000_000);
  }

  @Benchmark
  public CodeRunner.Outcome arithmeticLoop() {
    return CodeRunner.run(ARITHMETIC_LOOP, Bytes.EMPTY, 100_000_000, null);
  }

  @Benchmark
  public CodeRunner.Outcome keccakLoop() {
    return CodeRunner.run(KECCAK_LOOP, Bytes.EMPTY, 100_000_000, null);
  }
}
