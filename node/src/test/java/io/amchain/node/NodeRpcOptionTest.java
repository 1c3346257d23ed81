package io.amchain.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code amchain node}'s JSON-RPC access and limit flags: a value the server cannot take fails at
 * start.
 */
class NodeRpcOptionTest {
  @TempDir Path dir;

  @Test
  void aNamespaceThatDoesNotExistIsRefusedBeforeTheNodeStarts() {
    final CliRun run =
        CliRun.of("node", "--datadir", dir.resolve("data").toString(), "--rpc-api", "eth,personal");
    assertEquals(2, run.exit(), run.out());
    assertTrue(
        run.err()
            .contains(
                "invalid JSON-RPC setting: unknown JSON-RPC namespace \"personal\" (there are eth,"
                    + " net, web3, clique, txpool, admin, debug)"),
        run.err());
  }

  @Test
  void aLimitBelowOneIsRefusedBeforeTheNodeStarts() {
    final CliRun run =
        CliRun.of("node", "--datadir", dir.resolve("data").toString(), "--rpc-logs-limit", "0");
    assertEquals(2, run.exit(), run.out());
    assertTrue(run.err().contains("every JSON-RPC limit must be at least 1"), run.err());
  }
}
