package io.amchain.node;

import io.amchain.actors.NodeResources;
import io.amchain.consensus.chain.ChainImporter;
import io.amchain.consensus.clique.ChainRules;
import io.amchain.ledger.genesis.Genesis;
import io.amchain.ledger.state.RocksDbNodeStore;
import io.amchain.ledger.store.ChainStore;
import io.amchain.ledger.store.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.LongSupplier;

/**
 * One data directory format for every command: {@code genesis.json} (the chain's rules) and {@code
 * state/} (the RocksDB stores: blocks, indexes and pooled transactions in {@code state/chain},
 * world state nodes and code in {@code state/trie}; {@link Storage}).
 */
final class DataDir implements AutoCloseable {
  final Path root;
  final Genesis genesis;
  final ChainRules rules;
  final Storage storage;
  final ChainStore chainStore;
  final RocksDbNodeStore state;

  private DataDir(final Path root, final Genesis genesis) {
    this.root = root;
    this.genesis = genesis;
    this.rules = ChainRules.of(genesis);
    this.storage = Storage.open(root.resolve("state"));
    this.chainStore = storage.chainStore();
    this.state = storage.stateStore();
  }

  /** Opens a data directory, creating it from {@code genesisFile} when it is new. */
  static DataDir open(final Path root, final Path genesisFile) {
    final Genesis genesis = Genesis.read(genesisFile);
    if (genesis.clique() == null) {
      throw new CliException("genesis " + genesisFile + " has no \"clique\" section in its config");
    }
    final Path stored = root.resolve("genesis.json");
    try {
      Files.createDirectories(root);
      if (Files.exists(stored)) {
        if (!Genesis.read(stored).equals(genesis)) {
          throw new CliException(
              "data directory " + root + " was created from another genesis (" + stored + ")");
        }
      } else {
        Files.copy(genesisFile, stored, StandardCopyOption.COPY_ATTRIBUTES);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    final DataDir dir = new DataDir(root, genesis);
    dir.importer(() -> 0).initialize(genesis.build(dir.state));
    return dir;
  }

  /** Opens an existing data directory. */
  static DataDir open(final Path root) {
    final Path stored = root.resolve("genesis.json");
    if (!Files.exists(stored)) {
      throw new CliException(
          "no chain in "
              + root
              + " (no genesis.json): create one with amchain init --genesis FILE --datadir "
              + root);
    }
    return new DataDir(root, Genesis.read(stored));
  }

  /** What the node's actors run on. */
  NodeResources resources() {
    return new NodeResources(genesis, storage);
  }

  /** An importer that verifies with Clique and executes every body with the EVM. */
  ChainImporter importer(final LongSupplier clockSeconds) {
    return resources().importer(clockSeconds);
  }

  @Override
  public void close() {
    storage.close();
  }
}
