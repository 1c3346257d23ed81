package io.amchain.ledger.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.amchain.ledger.db.RocksDatabase;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.Keccak;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node store under concurrent commits, as a node's importer and block builder use it. */
class RocksDbNodeStoreTest {

  @Test
  void concurrentBatchesEachLandWhole(@TempDir final Path dir) throws Exception {
    try (RocksDatabase database = RocksDatabase.open(dir)) {
      final RocksDbNodeStore store = new RocksDbNodeStore(database, database.defaultFamily());
      final ExecutorService threads = Executors.newFixedThreadPool(4);
      final List<Future<List<Hash>>> batches = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        final int thread = t;
        batches.add(
            threads.submit(
                () -> {
                  final List<Hash> written = new ArrayList<>();
                  for (int round = 0; round < 50; round++) {
                    final int r = round;
                    store.inBatch(
                        () -> {
                          for (int i = 0; i < 20; i++) {
                            final Bytes node =
                                Bytes.fromHex(String.format("0x%02x%04x%04x", thread, r, i));
                            final Hash hash = Keccak.hash(node);
                            store.put(hash, node);
                            written.add(hash);
                          }
                        });
                  }
                  return written;
                }));
      }
      int count = 0;
      for (final Future<List<Hash>> batch : batches) {
        for (final Hash hash : batch.get()) {
          assertEquals(hash, Keccak.hash(java.util.Objects.requireNonNull(store.get(hash))));
          count++;
        }
      }
      threads.shutdown();
      assertEquals(8 * 50 * 20, count);
    }
  }
}
