package io.amchain.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amchain.contracts.Chain;
import io.amchain.contracts.PlatformContract;
import io.amchain.contracts.PlatformException;
import io.amchain.contracts.PlatformManifest;
import io.amchain.ledger.crypto.DevAccounts;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code amchain platform deploy|status} against another chain than ours: Anvil (Foundry's node,
 * chain id 31337, a block per transaction), from the contracts module's npm packages. The full
 * platform suites run on Anvil in platform-tests; this checks the CLI only.
 */
class PlatformDeployAnvilTest {
  private static final Path ANVIL =
      Path.of("..", "contracts", "node_modules", ".bin", "anvil").toAbsolutePath().normalize();
  private static final int PORT = 8545 + 420;

  @TempDir Path work;

  @Test
  void deploysToAnvilAndReportsTheDeployment() throws Exception {
    assertTrue(
        Files.isExecutable(ANVIL), ANVIL + " is missing: build the contracts module (npm ci)");
    final Process anvil =
        new ProcessBuilder(
                ANVIL.toString(), "--port", String.valueOf(PORT), "--host", "127.0.0.1", "--silent")
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("anvil.log").toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    try {
      final String rpc = "http://127.0.0.1:" + PORT;
      awaitAnswer(rpc, anvil, Duration.ofSeconds(60));
      final String a0 = DevAccounts.key(0).publicKey().address().toChecksumHex();
      final String a1 = DevAccounts.key(1).publicKey().address().toChecksumHex();
      final Path manifest = work.resolve("anvil-platform.json");
      final CliRun deploy =
          CliRun.of(
              "platform",
              "deploy",
              "--rpc",
              rpc,
              "--key",
              DevAccounts.key(0).toBytes().toHex(),
              "--founders",
              a0 + ":MINER:" + a1 + "," + a1 + ":ARBITER",
              "--out",
              manifest.toString());
      assertEquals(0, deploy.exit(), deploy.out() + deploy.err());
      final PlatformManifest deployed = PlatformManifest.read(manifest);
      assertEquals(31337, deployed.chainId());
      assertEquals(
          "0x5FbDB2315678afecb367f032d93F642f64180aa3",
          deployed.contract(PlatformContract.MEMBER_REGISTRY).toString());

      final CliRun status =
          CliRun.of(
              "platform", "status", "--rpc", rpc, "--manifest", manifest.toString(), "--json");
      assertEquals(0, status.exit(), status.err());
      final JsonNode report = new ObjectMapper().readTree(status.out());
      assertEquals(31337, report.get("chainId").asLong());
      assertEquals(a0, report.get("members").get("MINER").get(0).get("address").asText());
      assertEquals(a1, report.get("members").get("MINER").get(0).get("signer").asText());
      assertEquals(a1, report.get("members").get("ARBITER").get(0).get("address").asText());
      assertEquals(1, report.get("votingMembers").asInt());
      assertEquals(0, report.get("jobs").get("total").asLong());
      assertTrue(report.get("escrow").get("conservation").asBoolean());
    } finally {
      // The npm launcher runs the anvil binary as its child: stop both.
      anvil.descendants().forEach(ProcessHandle::destroy);
      anvil.destroy();
      anvil.onExit().join();
    }
  }

  private static void awaitAnswer(final String rpc, final Process anvil, final Duration limit)
      throws InterruptedException {
    final long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      try (Chain chain = Chain.connect(rpc)) {
        return;
      } catch (PlatformException e) {
        if (!anvil.isAlive() || System.nanoTime() - deadline > 0) {
          throw new AssertionError("anvil did not answer on " + rpc + ": " + e.getMessage(), e);
        }
        Thread.sleep(200);
      }
    }
  }
}
