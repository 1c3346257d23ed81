package io.amchain.node;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ethers.js v6, as installed from npm, against a three-signer devnet: {@code ethers-suite.mjs}
 * deploys a contract compiled by solc-js and drives transfers, receipts, eth_call, estimateGas,
 * getLogs, WebSocket subscriptions and reverts. Its node:test report is the failure message.
 */
class EthersInteropTest {
  private static final int PORT_OFFSET = 100;

  @TempDir static Path work;
  private static DevnetProcess devnet;

  @BeforeAll
  static void startDevnet() {
    JsTool.install(JsTool.JS);
    devnet = DevnetProcess.start(work.resolve("devnet"), 3, PORT_OFFSET);
  }

  @AfterAll
  static void stopDevnet() {
    if (devnet != null) {
      devnet.close();
    }
  }

  @Test
  void theEthersSuitePasses() {
    final String http = devnet.rpc(0).toString();
    final String ws = http.replace("http://", "ws://");
    JsTool.run(JsTool.JS, Duration.ofMinutes(3), "node", "ethers-suite.mjs", http, ws);
  }
}
