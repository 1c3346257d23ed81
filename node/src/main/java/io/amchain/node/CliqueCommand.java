package io.amchain.node;

import io.amchain.ledger.types.Hash;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "clique",
    description = "Inspect Clique state.",
    subcommands = {CliqueCommand.SnapshotCommand.class})
final class CliqueCommand {

  @Command(
      name = "snapshot",
      description = "Print the Clique snapshot (the clique_getSnapshot JSON) at a block.")
  static final class SnapshotCommand implements Callable<Integer> {
    @Option(names = "--datadir", required = true, description = "data directory")
    Path datadir;

    @Option(names = "--block", description = "block number (default: the head)")
    Long block;

    @Override
    public Integer call() {
      try (DataDir dir = DataDir.open(datadir)) {
        final Hash hash =
            block == null
                ? Objects.requireNonNull(dir.chainStore.head())
                : dir.chainStore.canonicalHash(block);
        if (hash == null) {
          throw new CliException("unknown block " + block);
        }
        System.out.println(dir.importer(() -> 0).snapshotAt(hash).toJson());
        return 0;
      }
    }
  }
}
