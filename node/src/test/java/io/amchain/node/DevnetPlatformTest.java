package io.amchain.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.amchain.contracts.Chain;
import io.amchain.contracts.MemberRegistry;
import io.amchain.contracts.MemberRegistry.Founder;
import io.amchain.contracts.MemberRegistry.Role;
import io.amchain.contracts.Platform;
import io.amchain.contracts.PlatformContract;
import io.amchain.contracts.PlatformManifest;
import io.amchain.ledger.crypto.DevAccounts;
import io.amchain.ledger.types.Address;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./amchain devnet} deploys its own platform once the chain seals: the three signers are the
 * founders, each a MINER sealing with its own address; it writes DATADIR/platform.json and prints
 * the addresses. Started again on the same data directory it keeps that platform.
 */
class DevnetPlatformTest {
  private static final int PORT_OFFSET = 410;
  private static final int SIGNERS = 3;

  @TempDir Path work;

  @Test
  void theDevnetDeploysItsPlatformAndKeepsItOnRestart() throws Exception {
    final Path datadir = work.resolve("devnet");
    final List<Address> signers = new ArrayList<>();
    for (int i = 0; i < SIGNERS; i++) {
      signers.add(DevAccounts.key(i).publicKey().address());
    }
    final String written;
    final PlatformManifest manifest;
    try (DevnetProcess devnet = DevnetProcess.start(datadir, SIGNERS, PORT_OFFSET)) {
      written = Files.readString(devnet.manifest());
      manifest = PlatformManifest.read(devnet.manifest());
      final List<Founder> founders = new ArrayList<>();
      for (final Address signer : signers) {
        founders.add(new Founder(signer, Role.MINER, signer));
      }
      assertEquals(founders, manifest.founders());
      assertEquals(signers.get(0), manifest.deployment().deployer());
      assertEquals(signers.get(0), manifest.treasury());
      assertEquals(604_800, manifest.deployment().proposalPeriod());
      for (final PlatformContract contract : PlatformContract.values()) {
        assertTrue(
            devnet.output().contains(contract.contractName() + " ")
                && devnet.output().contains(manifest.contract(contract).toString()),
            devnet.output());
      }
      try (Chain chain = Chain.connect(devnet.rpc(0).toString())) {
        final MemberRegistry registry = Platform.at(chain, manifest, null).memberRegistry();
        assertEquals(new HashSet<>(signers), new HashSet<>(registry.minerSigners()));
        assertEquals(new HashSet<>(signers), new HashSet<>(registry.votingMembers()));
        assertEquals(BigInteger.TEN, chain.pendingNonce(signers.get(0)));
      }
    }

    try (DevnetProcess again = DevnetProcess.start(datadir, SIGNERS, PORT_OFFSET)) {
      assertEquals(written, Files.readString(again.manifest()));
      assertTrue(
          again.output().contains(manifest.contract(PlatformContract.MEMBER_REGISTRY).toString()),
          again.output());
      try (Chain chain = Chain.connect(again.rpc(0).toString())) {
        // No second deployment: account 0 sent nothing more.
        assertEquals(BigInteger.TEN, chain.pendingNonce(signers.get(0)));
        assertTrue(chain.hasCode(manifest.contract(PlatformContract.ESCROW)));
      }
    }
  }

  @Test
  void noPlatformDeploysNothingAndTheGasLimitIsTheOneGiven() throws Exception {
    try (DevnetProcess devnet =
        DevnetProcess.start(
            work.resolve("bare"), 1, PORT_OFFSET + 5, "--no-platform", "--gas-limit=30000000")) {
      assertTrue(!Files.exists(devnet.manifest()));
      assertTrue(!devnet.output().contains("MemberRegistry"), devnet.output());
      try (Chain chain = Chain.connect(devnet.rpc(0).toString())) {
        assertEquals(BigInteger.ZERO, chain.pendingNonce(DevAccounts.key(0).publicKey().address()));
      }
      assertTrue(
          Files.readString(devnet.datadir.resolve("genesis.json"))
              .contains("\"gasLimit\" : \"0x1c9c380\""),
          "30,000,000 in the genesis");
    }
  }

  @Test
  void aGasLimitBelowGethsFloorIsRefused() {
    final CliRun run = CliRun.of("devnet", "--gas-limit=4999", "--datadir=" + work.resolve("low"));
    assertEquals(2, run.exit(), run.err());
    assertTrue(run.err().contains("--gas-limit must be at least 5000"), run.err());
    assertTrue(!Files.exists(work.resolve("low").resolve("genesis.json")));
  }
}
