package io.amchain.node;

import io.amchain.ledger.types.Bytes;
import io.amchain.vm.CodeRunner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "run",
    description =
        "Execute bytecode and print the return data and gas used (--trace: EIP-3155 JSON lines).")
final class EvmRunCommand implements Callable<Integer> {
  @Option(names = "--code", required = true, description = "bytecode, hex")
  String code;

  @Option(names = "--input", description = "call data, hex", defaultValue = "0x")
  String input;

  @Option(names = "--gas", description = "gas limit", defaultValue = "10000000")
  long gas;

  @Option(names = "--trace", description = "print an EIP-3155 JSON line per step to stderr")
  boolean trace;

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
    final CodeRunner.Outcome outcome =
        CodeRunner.run(codeBytes, inputBytes, gas, trace ? System.err::println : null);
    System.out.println(
        "{\"output\": \""
            + outcome.output().toHex()
            + "\", \"gasUsed\": \"0x"
            + Long.toHexString(outcome.gasUsed())
            + "\", \"halt\": \""
            + outcome.halt()
            + "\"}");
    return outcome.halt().isSuccess() ? 0 : 1;
  }
}
