package io.amchain.ledger.db;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A closed database leaves nothing for the next open to recover: what a graceful shutdown of a node
 * promises (docs/operations.md). RocksDB replays any record of its write-ahead log, so the logs
 * must be empty, in every family, and an empty batch must not become a record.
 */
class RocksDatabaseTest {
  @TempDir Path directory;

  private static byte[] bytes(final String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The write-ahead logs ({@code NNNNNN.log}; RocksDB's info log is {@code LOG}) and sizes. */
  private List<Long> walSizes() throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(file -> file.getFileName().toString().endsWith(".log"))
          .map(
              file -> {
                try {
                  return Files.size(file);
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              })
          .toList();
    }
  }

  @Test
  void closeFlushesEveryFamilySoNoWriteIsLeftInTheWriteAheadLog() throws IOException {
    final RocksDatabase db = RocksDatabase.open(directory, "second");
    db.put(db.defaultFamily(), bytes("a"), bytes("1"));
    db.write(batch -> batch.put(db.family("second"), bytes("b"), bytes("2")));
    assertFalse(walSizes().stream().allMatch(size -> size == 0), "the writes are in the log");
    db.close();
    assertEquals(List.of(0L), walSizes());

    try (RocksDatabase reopened = RocksDatabase.open(directory, "second")) {
      assertArrayEquals(bytes("1"), reopened.get(reopened.defaultFamily(), bytes("a")));
      assertArrayEquals(bytes("2"), reopened.get(reopened.family("second"), bytes("b")));
    }
  }

  @Test
  void aBatchThatPutsNothingWritesNothing() throws IOException {
    try (RocksDatabase db = RocksDatabase.open(directory)) {
      db.write(batch -> {});
      db.write(batch -> {});
      assertEquals(List.of(0L), walSizes());
    }
  }

  @Test
  void closingTwiceClosesOnce() {
    final RocksDatabase db = RocksDatabase.open(directory);
    db.put(db.defaultFamily(), bytes("a"), bytes("1"));
    db.close();
    db.close();
    try (RocksDatabase reopened = RocksDatabase.open(directory)) {
      assertArrayEquals(bytes("1"), reopened.get(reopened.defaultFamily(), bytes("a")));
    }
  }
}
