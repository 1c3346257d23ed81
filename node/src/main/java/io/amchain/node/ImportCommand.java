package io.amchain.node;

import io.amchain.consensus.chain.BlockImportException;
import io.amchain.consensus.chain.ChainImporter;
import io.amchain.ledger.block.Block;
import io.amchain.ledger.rlp.Rlp;
import io.amchain.ledger.rlp.RlpException;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "import",
    description = {
      "Import chain files in geth's export format (concatenated RLP blocks).",
      "Every header is verified by Clique and every body against its header; the first rejected"
          + " block stops the import, and nothing after it is stored."
    })
final class ImportCommand implements Callable<Integer> {
  private static final int PROGRESS_EVERY = 1_000;

  @Option(names = "--genesis", required = true, description = "geth genesis.json of the chain")
  Path genesis;

  @Option(names = "--datadir", required = true, description = "data directory")
  Path datadir;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "chain files, imported in order")
  List<Path> files;

  @Override
  public Integer call() {
    try (DataDir dir = DataDir.open(datadir, genesis)) {
      final ChainImporter importer = dir.importer(() -> System.currentTimeMillis() / 1000);
      long imported = 0;
      long known = 0;
      for (final Path file : files) {
        final byte[] content = read(file);
        int offset = 0;
        while (offset < content.length) {
          final int length;
          final Block block;
          try {
            length = Rlp.itemLength(content, offset);
            block = Block.decode(Bytes.wrap(Arrays.copyOfRange(content, offset, offset + length)));
          } catch (RlpException | IllegalArgumentException e) {
            throw new CliException(
                file + ": undecodable block at byte " + offset + ": " + e.getMessage());
          }
          offset += length;
          if (importer.importBlock(block) == ChainImporter.Outcome.ALREADY_KNOWN) {
            known++;
          } else if (++imported % PROGRESS_EVERY == 0) {
            System.out.println("imported " + imported + " blocks, at block " + block.number());
          }
        }
        System.out.println(
            "imported " + file + ": " + imported + " new blocks, " + known + " known");
      }
      final Hash head = Objects.requireNonNull(dir.chainStore.head());
      System.out.println(
          "head: block "
              + Objects.requireNonNull(dir.chainStore.header(head)).number()
              + " "
              + head);
      return 0;
    } catch (BlockImportException e) {
      System.err.println("error: import stopped at " + e.getMessage());
      return 1;
    }
  }

  private static byte[] read(final Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
