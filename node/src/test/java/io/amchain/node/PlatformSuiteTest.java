package io.amchain.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.amchain.ledger.crypto.DevAccounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform's contract suite ({@code contracts/src/test/js/platform-suite.mjs}) on two backends:
 * anvil (revm) and a 3-signer AMChain devnet. Each gets its platform from the same {@code amchain
 * platform deploy} with short periods; the suite runs on both at once, must pass on both, and the
 * two summaries (every case's result and the gas of every transaction) must be equal line by line:
 * our EVM agrees with revm on every path the suite walks.
 */
class PlatformSuiteTest {
  private static final Path CONTRACTS = Path.of("..", "contracts").toAbsolutePath().normalize();
  private static final String SUITE = "src/test/js/platform-suite.mjs";
  private static final int PORT_OFFSET = 600;
  private static final int ANVIL_PORT = 9150;
  private static final Duration SUITE_LIMIT = Duration.ofMinutes(4);

  /** Kept after the run: docs/platform-gas.md's figures are read from them. */
  private static final Path SUMMARIES = Path.of("target", "platform-suite").toAbsolutePath();

  @TempDir Path work;

  @Test
  void theSuitePassesOnAnvilAndOnADevnetWithEqualResultsAndGas() throws Exception {
    JsTool.install(CONTRACTS);
    Files.createDirectories(SUMMARIES);
    final List<String> deployArgs =
        JsTool.run(CONTRACTS, Duration.ofSeconds(60), "node", SUITE, "deploy-args")
            .lines()
            .filter(line -> !line.isBlank())
            .toList();
    try (AnvilProcess anvil = AnvilProcess.start(ANVIL_PORT, work.resolve("anvil.log"));
        DevnetProcess devnet =
            DevnetProcess.start(work.resolve("devnet"), 3, PORT_OFFSET, "--no-platform")) {
      final String anvilRpc = anvil.rpc.toString();
      final String devnetRpc = devnet.rpc(0).toString();
      final Path anvilManifest = deploy(anvilRpc, deployArgs, "anvil");
      final Path devnetManifest = deploy(devnetRpc, deployArgs, "devnet");
      final CompletableFuture<String> onAnvil = runSuite(anvilRpc, anvilManifest, "anvil");
      final CompletableFuture<String> onDevnet = runSuite(devnetRpc, devnetManifest, "devnet");
      final List<String> anvilSummary = Files.readAllLines(Path.of(onAnvil.join()));
      final List<String> devnetSummary = Files.readAllLines(Path.of(onDevnet.join()));

      final List<String> cases =
          anvilSummary.stream().filter(line -> line.startsWith("case ")).toList();
      assertEquals(20, cases.size(), String.join("\n", anvilSummary));
      assertTrue(
          cases.stream().allMatch(line -> line.endsWith(": pass")), String.join("\n", cases));
      assertEquals(String.join("\n", anvilSummary), String.join("\n", devnetSummary));
    }
  }

  private Path deploy(final String rpc, final List<String> deployArgs, final String name) {
    final Path manifest = work.resolve(name + "-platform.json");
    final List<String> args =
        new ArrayList<>(
            List.of(
                "platform", "deploy", "--rpc", rpc, "--key", DevAccounts.key(0).toBytes().toHex()));
    args.addAll(deployArgs);
    args.addAll(List.of("--out", manifest.toString()));
    final CliRun deploy = CliRun.of(args.toArray(String[]::new));
    assertEquals(0, deploy.exit(), name + ": " + deploy.out() + deploy.err());
    return manifest;
  }

  /**
   * Runs the suite in the background; completes with its summary file, or fails with its output.
   */
  private CompletableFuture<String> runSuite(
      final String rpc, final Path manifest, final String name) {
    final Path summary = SUMMARIES.resolve(name + "-summary.txt");
    return CompletableFuture.supplyAsync(
        () -> {
          JsTool.run(
              CONTRACTS, SUITE_LIMIT, "node", SUITE, rpc, manifest.toString(), summary.toString());
          return summary.toString();
        });
  }
}
