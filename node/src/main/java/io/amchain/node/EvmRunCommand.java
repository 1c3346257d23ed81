package io.amchain.node;

import io.amchain.ledger.types.Bytes;
import io.amchain.vm.CodeRunner;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "run",
    description = {
      "Execute bytecode and print the return data and gas used (--trace: EIP-3155 JSON lines).",
      "--bench runs it again and again, each time in a fresh state, until the time per run is"
          + " stable (as geth's evm --bench), and adds the runs, time and bytes allocated per run"
          + " and Mgas/s to the output."
    })
final class EvmRunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--code", required = true, description = "bytecode, hex")
  String code;

  @Option(names = "--input", description = "call data, hex", defaultValue = "0x")
  String input;

  @Option(names = "--gas", description = "gas limit", defaultValue = "10000000")
  long gas;

  @Option(names = "--trace", description = "print an EIP-3155 JSON line per step to stderr")
  boolean trace;

  @Option(
      names = "--bench",
      description = "repeat until the time per run is stable; print time, allocations, Mgas/s")
  boolean bench;

  @Option(
      names = "--bench-batch-ms",
      defaultValue = "200",
      description = "with --bench: the least time of one batch of runs (default 200 ms)")
  long benchBatchMillis;

  @Override
  public Integer call() {
    final Bytes codeBytes;
    final Bytes inputBytes;
    try {
      codeBytes = Bytes.fromHex(code);
      inputBytes = Bytes.fromHex(input);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
    if (gas <= 0) {
      throw new CliException("--gas must be positive");
    }
    if (bench && trace) {
      throw new CliException("--bench and --trace exclude each other: tracing every run is slow");
    }
    if (benchBatchMillis <= 0 || benchBatchMillis > 60_000) {
      throw new CliException("--bench-batch-ms must be between 1 and 60000");
    }
    final CodeRunner.Outcome outcome =
        CodeRunner.run(codeBytes, inputBytes, gas, trace ? System.err::println : null);
    final StringBuilder json =
        new StringBuilder()
            .append("{\"output\": \"")
            .append(outcome.output().toHex())
            .append("\", \"gasUsed\": \"0x")
            .append(Long.toHexString(outcome.gasUsed()))
            .append("\", \"halt\": \"")
            .append(outcome.halt())
            .append('"');
    if (bench) {
      final RepeatedRun.Result result =
          RepeatedRun.measure(
              () -> CodeRunner.run(codeBytes, inputBytes, gas, null), benchBatchMillis * 1_000_000);
      json.append(
          String.format(
              Locale.ROOT,
              ", \"bench\": {\"runsPerBatch\": %d, \"batches\": %d, \"nanosPerRun\": %.0f,"
                  + " \"bytesAllocatedPerRun\": %.0f, \"mgasPerSecond\": %.1f,"
                  + " \"spread\": %.3f, \"stable\": %b}",
              result.runsPerBatch(),
              result.batches(),
              result.nanosPerRun(),
              result.bytesPerRun(),
              outcome.gasUsed() * 1_000.0 / result.nanosPerRun(),
              result.spread(),
              result.stable()));
    }
    spec.commandLine().getOut().println(json.append('}'));
    return outcome.halt().isSuccess() ? 0 : 1;
  }
}
