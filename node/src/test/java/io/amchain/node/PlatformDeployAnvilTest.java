package io.amchain.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amchain.contracts.PlatformContract;
import io.amchain.contracts.PlatformManifest;
import io.amchain.ledger.crypto.DevAccounts;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code amchain platform deploy|status} against another chain than ours: Anvil (Foundry's node,
 * chain id 31337, a block per transaction), from the contracts module's npm packages. The full
 * platform suites run on Anvil in platform-tests; this checks the CLI only.
 */
class PlatformDeployAnvilTest {
  private static final int PORT = 8545 + 420;

  @TempDir Path work;

  @Test
  void deploysToAnvilAndReportsTheDeployment() throws Exception {
    try (AnvilProcess anvil = AnvilProcess.startAsItComes(PORT, work.resolve("anvil.log"))) {
      final String rpc = anvil.rpc.toString();
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
    }
  }
}
