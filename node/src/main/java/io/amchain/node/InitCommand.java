package io.amchain.node;

import io.amchain.ledger.types.Hash;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "init",
    description = {
      "Create a data directory from a geth genesis.json and print the genesis hash.",
      "Running it again with the same genesis changes nothing; another genesis is refused."
    })
final class InitCommand implements Callable<Integer> {
  @Option(names = "--genesis", required = true, description = "geth genesis.json of the chain")
  Path genesis;

  @Option(names = "--datadir", required = true, description = "data directory")
  Path datadir;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    try (DataDir dir = DataDir.open(datadir, genesis)) {
      final Hash hash = Objects.requireNonNull(dir.chainStore.canonicalHash(0));
      spec.commandLine().getOut().println("genesis block " + hash + " in " + datadir);
      return 0;
    }
  }
}
