package io.amchain.node;

import io.amchain.ledger.block.Block;
import io.amchain.ledger.types.Hash;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "export",
    description = "Write the canonical chain, genesis first, in geth's export format.")
final class ExportCommand implements Callable<Integer> {
  @Option(names = "--datadir", required = true, description = "data directory")
  Path datadir;

  @Parameters(index = "0", paramLabel = "FILE", description = "the chain file to write")
  Path file;

  @Override
  public Integer call() {
    try (DataDir dir = DataDir.open(datadir);
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
      final Hash head = Objects.requireNonNull(dir.chainStore.head());
      final long last = Objects.requireNonNull(dir.chainStore.header(head)).number();
      for (long n = 0; n <= last; n++) {
        final Block block =
            Objects.requireNonNull(
                dir.chainStore.block(Objects.requireNonNull(dir.chainStore.canonicalHash(n))));
        out.write(block.encoded().toArray());
      }
      System.out.println("exported blocks 0.." + last + " to " + file);
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
