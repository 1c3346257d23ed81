package io.amchain.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amchain.contracts.Chain;
import io.amchain.contracts.Escrow;
import io.amchain.contracts.JobMarket;
import io.amchain.contracts.MemberRegistry.Role;
import io.amchain.contracts.Platform;
import io.amchain.contracts.PlatformContract;
import io.amchain.contracts.PlatformManifest;
import io.amchain.contracts.TelemetryOracle;
import io.amchain.contracts.TransactionSender;
import io.amchain.ledger.crypto.DevAccounts;
import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Keccak;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code amchain platform deploy} against a one-signer devnet started with {@code --no-platform},
 * then {@code platform status} on what it deployed, before and after a job is funded through the
 * bindings. The tests run in order: each builds on the chain the previous one left.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformDeployTest {
  private static final int PORT_OFFSET = 400;
  private static final PrivateKey DEPLOYER = DevAccounts.key(0);
  private static final PrivateKey PROVIDER = DevAccounts.key(1);
  private static final PrivateKey CUSTOMER = DevAccounts.key(2);

  /** Development account 12: derived from the mnemonic, never funded by the devnet. */
  private static final PrivateKey PENNILESS = DevAccounts.key(12);

  @TempDir static Path work;
  private static DevnetProcess devnet;
  private static Path manifestFile;
  private static BigInteger design;
  private static BigInteger job;
  private static final BigInteger PRICE = BigInteger.valueOf(3_000_000_000_000_000L);

  @BeforeAll
  static void startDevnet() {
    devnet = DevnetProcess.start(work.resolve("devnet"), 1, PORT_OFFSET, "--no-platform");
    manifestFile = work.resolve("deployed/platform.json");
  }

  @AfterAll
  static void stopDevnet() {
    if (devnet != null) {
      devnet.close();
    }
  }

  private static String rpc() {
    return devnet.rpc(0).toString();
  }

  private static String address(final PrivateKey key) {
    return key.publicKey().address().toChecksumHex();
  }

  private static CliRun deploy(final PrivateKey key, final Path out) {
    return CliRun.of(
        "platform",
        "deploy",
        "--rpc",
        rpc(),
        "--key",
        key.toBytes().toHex(),
        "--founders",
        address(DEPLOYER)
            + ":MINER:"
            + address(DEPLOYER)
            + ","
            + address(PROVIDER)
            + ":PROVIDER,"
            + address(CUSTOMER)
            + ":CUSTOMER",
        "--proposal-period",
        "600",
        "--voting-period",
        "300",
        "--confirmation-window",
        "120",
        "--fees",
        "200,100,50",
        "--out",
        out.toString());
  }

  private static JsonNode status(final Path manifest) throws Exception {
    final CliRun run =
        CliRun.of(
            "platform", "status", "--rpc", rpc(), "--manifest", manifest.toString(), "--json");
    assertEquals(0, run.exit(), run.err());
    return new ObjectMapper().readTree(run.out());
  }

  @Test
  @Order(1)
  void deploysTheEightContractsAndWritesTheManifest() throws Exception {
    assertTrue(devnet.output().contains("Ctrl-C") && !Files.exists(devnet.manifest()));
    final CliRun run = deploy(DEPLOYER, manifestFile);
    assertEquals(0, run.exit(), run.out() + run.err());
    final PlatformManifest manifest = PlatformManifest.read(manifestFile);
    assertEquals(1337, manifest.chainId());
    assertEquals(DEPLOYER.publicKey().address(), manifest.deployment().deployer());
    assertEquals(600, manifest.deployment().proposalPeriod());
    assertEquals(300, manifest.deployment().votingPeriod());
    assertEquals(120, manifest.deployment().confirmationWindow());
    assertEquals(new PlatformManifest.Fees(200, 100, 50), manifest.deployment().fees());
    assertEquals(DEPLOYER.publicKey().address(), manifest.treasury());
    assertEquals(manifest.treasury(), manifest.minerRewardPool());
    assertEquals(3, manifest.founders().size());
    try (Chain chain = Chain.connect(rpc())) {
      for (final PlatformContract contract : PlatformContract.values()) {
        assertTrue(chain.hasCode(manifest.contract(contract)), contract.contractName());
        assertTrue(run.out().contains(manifest.contract(contract).toString()), run.out());
      }
      // Ten transactions from a fresh account: nonces 0..9, the last one in deployedAtBlock.
      assertEquals(BigInteger.TEN, chain.pendingNonce(DEPLOYER.publicKey().address()));
      assertTrue(manifest.deployment().deployedAtBlock() <= chain.blockNumber());
      final Platform platform = Platform.at(chain, manifest, null);
      assertEquals(manifest.contract(PlatformContract.MEMBER_REGISTRY), platform.escrow().admin());
      final Address treasury = DEPLOYER.publicKey().address();
      assertEquals(
          new Escrow.Fees(treasury, treasury, treasury, 200, 100, 50), platform.escrow().fees());
      assertEquals(120, platform.jobMarket().confirmationWindow());
      assertEquals(300, platform.arbitration().votingPeriod());
      assertEquals(600, platform.memberRegistry().proposalPeriod());
      assertEquals(
          List.of(DEPLOYER.publicKey().address()), platform.memberRegistry().minerSigners());
    }
  }

  @Test
  @Order(2)
  void statusShowsTheFoundersNoJobsAndConservedMoney() throws Exception {
    final JsonNode status = status(manifestFile);
    assertEquals(1337, status.get("chainId").asLong());
    final JsonNode members = status.get("members");
    assertEquals(address(DEPLOYER), members.get("MINER").get(0).get("address").asText());
    assertEquals(address(DEPLOYER), members.get("MINER").get(0).get("signer").asText());
    assertEquals(address(PROVIDER), members.get("PROVIDER").get(0).get("address").asText());
    assertEquals(address(CUSTOMER), members.get("CUSTOMER").get(0).get("address").asText());
    assertEquals(0, members.get("ARBITER").size());
    assertEquals(2, status.get("votingMembers").asInt());
    assertEquals(0, status.get("openProposals").size());
    assertEquals(0, status.get("jobs").get("total").asLong());
    assertEquals("0", status.get("escrow").get("balance").asText());
    assertTrue(status.get("escrow").get("conservation").asBoolean());
  }

  @Test
  @Order(3)
  void statusCountsAJobFundedThroughTheBindingsAndItsEscrowedMoney() throws Exception {
    final PlatformManifest manifest = PlatformManifest.read(manifestFile);
    final BigInteger price = PRICE;
    try (Chain chain = Chain.connect(rpc())) {
      final Platform customer = Platform.at(chain, manifest, TransactionSender.of(chain, CUSTOMER));
      final Platform provider = Platform.at(chain, manifest, TransactionSender.of(chain, PROVIDER));
      design =
          customer
              .designRegistry()
              .register(hash("bracket.stl"), "bafy-bracket", hash("licence"), 10, 500);
      final long now = System.currentTimeMillis() / 1000;
      job =
          customer
              .jobMarket()
              .postJob(
                  design,
                  hash("spec"),
                  "PA12",
                  2,
                  now + 3_600,
                  now + 7_200,
                  price.multiply(BigInteger.TWO));
      final BigInteger quote =
          provider.jobMarket().submitQuote(job, price, 3_600, List.of(4_000, 6_000));
      customer.jobMarket().award(job, quote);
      final List<JobMarket.StateChange> changes =
          customer.jobMarket().stateChanges(customer.jobMarket().fund(job, price));
      assertEquals(
          List.of(
              new JobMarket.StateChange(
                  job, JobMarket.JobState.Awarded, JobMarket.JobState.Funded)),
          changes);
      // A second customer job stays open: two states to count.
      customer
          .jobMarket()
          .postJob(design, hash("spec 2"), "PA12", 1, now + 3_600, now + 7_200, price);
      // An applicant makes an open proposal.
      final BigInteger proposal =
          Platform.at(chain, manifest, TransactionSender.of(chain, DevAccounts.key(5)))
              .memberRegistry()
              .applyFor(Role.ARBITER, hash("arbiter profile"), Address.ZERO);
      assertEquals(BigInteger.ONE, proposal);
    }
    final JsonNode status = status(manifestFile);
    assertEquals(2, status.get("jobs").get("total").asLong());
    assertEquals(1, status.get("jobs").get("byState").get("Funded").asInt());
    assertEquals(1, status.get("jobs").get("byState").get("Open").asInt());
    final JsonNode escrow = status.get("escrow");
    assertEquals(price.toString(), escrow.get("balance").asText());
    assertEquals(price.toString(), escrow.get("totalHeld").asText());
    assertEquals(price.toString(), escrow.get("totalDeposits").asText());
    assertTrue(escrow.get("conservation").asBoolean());
    final JsonNode open = status.get("openProposals").get(0);
    assertEquals("Admit", open.get("kind").asText());
    assertEquals("ARBITER", open.get("role").asText());
    assertEquals(address(DevAccounts.key(5)), open.get("account").asText());
    assertEquals(0, open.get("yes").asInt());
    assertEquals(2, open.get("voters").asInt());

    final CliRun table =
        CliRun.of("platform", "status", "--rpc", rpc(), "--manifest", manifestFile.toString());
    assertEquals(0, table.exit(), table.err());
    assertTrue(table.out().contains("Funded        1"), table.out());
    assertTrue(table.out().contains("held      " + price), table.out());
    assertTrue(
        table.out().contains("conservation: balance == held + credited yes; deposits =="),
        table.out());
  }

  @Test
  @Order(4)
  void theJobCompletesItsMoneyIsCreditedSplitAndWithdrawn() throws Exception {
    final PlatformManifest manifest = PlatformManifest.read(manifestFile);
    final Address providerAddress = PROVIDER.publicKey().address();
    final long now = System.currentTimeMillis() / 1000;
    try (Chain chain = Chain.connect(rpc())) {
      final Platform customer = Platform.at(chain, manifest, TransactionSender.of(chain, CUSTOMER));
      final Platform provider = Platform.at(chain, manifest, TransactionSender.of(chain, PROVIDER));
      customer.designRegistry().grantAccess(design, job, providerAddress, now + 7_200, hash("key"));
      assertTrue(customer.designRegistry().hasAccess(design, providerAddress));
      provider.jobMarket().startProduction(job);
      // Milestone 0's evidence: a digest signed by the provider's machine, sent by a gateway.
      final PrivateKey machine = DevAccounts.key(7);
      provider.telemetryOracle().registerDevice(machine.publicKey().address(), hash("printer 7"));
      final TelemetryOracle.TelemetryDigest digest =
          new TelemetryOracle.TelemetryDigest(
              job, BigInteger.ZERO, hash("readings"), now - 600, now, 1_200, 0);
      final Bytes digestHash =
          TelemetryOracle.digestHash(customer.telemetryOracle().domainSeparator(), digest);
      assertEquals(customer.telemetryOracle().hashDigest(digest), digestHash);
      assertEquals(
          digestHash,
          customer
              .telemetryOracle()
              .submitTelemetry(digest, TelemetryOracle.sign(machine, digestHash)));
      assertEquals(List.of(hash("readings")), customer.telemetryOracle().telemetryRoots(job));
      assertEquals(
          JobMarket.MilestoneState.Submitted, customer.jobMarket().milestones(job).get(0).state());
      assertEquals(digestHash, customer.jobMarket().milestones(job).get(0).evidenceHash());
      customer.jobMarket().approveMilestone(job, 0);
      final List<JobMarket.Milestone> milestones = customer.jobMarket().milestones(job);
      assertEquals(2, milestones.size());
      assertEquals(JobMarket.MilestoneState.Approved, milestones.get(0).state());
      assertEquals(
          PRICE.multiply(BigInteger.valueOf(4)).divide(BigInteger.TEN),
          milestones.get(0).released());
      assertEquals(6_000, milestones.get(1).bps());
      provider.jobMarket().ship(job, hash("tracking"), hash("qa"));
      assertEquals(
          List.of(
              new JobMarket.StateChange(
                  job, JobMarket.JobState.Shipped, JobMarket.JobState.Delivered),
              new JobMarket.StateChange(
                  job, JobMarket.JobState.Delivered, JobMarket.JobState.Completed)),
          customer.jobMarket().stateChanges(customer.jobMarket().confirmDelivery(job)));
      assertEquals(JobMarket.JobState.Completed, customer.jobMarket().job(job).state());
      assertEquals(CUSTOMER.publicKey().address(), customer.partPassport().ownerOf(job));
      assertEquals(1, customer.reputation().stats(providerAddress).completed());
      assertEquals(2, customer.designRegistry().design(design).printed());
      assertEquals("bafy-bracket", customer.designRegistry().design(design).encryptedBlobId());

      // Royalty 5 % (to the design's owner, the customer), fees 2 + 1 + 0.5 % (all to the
      // treasury, the deployer): the provider keeps 91.5 % of the price; both tranches divide
      // evenly.
      final BigInteger toProvider = toProvider();
      assertEquals(toProvider, customer.escrow().credit(providerAddress));
      assertEquals(
          PRICE.divide(BigInteger.valueOf(20)),
          customer.escrow().credit(CUSTOMER.publicKey().address()));
      assertEquals(BigInteger.ZERO, customer.escrow().held(job));
      final String withdrawal = provider.escrow().withdraw().getTransactionHash();
      assertEquals(BigInteger.ZERO, customer.escrow().credit(providerAddress));
      // No receipt shows the payout; the call tracer does, as a CALL with value inside withdraw().
      final JsonNode trace = traceCalls(withdrawal);
      assertEquals(manifest.contract(PlatformContract.ESCROW).toHex(), trace.get("to").asText());
      final JsonNode payout = trace.get("calls").get(0);
      assertEquals("CALL", payout.get("type").asText(), trace::toString);
      assertEquals(manifest.contract(PlatformContract.ESCROW).toHex(), payout.get("from").asText());
      assertEquals(providerAddress.toHex(), payout.get("to").asText());
      assertEquals("0x" + toProvider.toString(16), payout.get("value").asText());
      assertEquals("0x", payout.get("input").asText());
      assertEquals(toProvider, customer.escrow().totalWithdrawn());
    }
    final JsonNode status = status(manifestFile);
    assertEquals(1, status.get("jobs").get("byState").get("Completed").asInt());
    assertEquals(0, status.get("jobs").get("byState").get("Funded").asInt());
    final JsonNode escrow = status.get("escrow");
    assertEquals("0", escrow.get("totalHeld").asText());
    assertEquals(PRICE.subtract(toProvider()).toString(), escrow.get("totalCredits").asText());
    assertEquals(PRICE.subtract(toProvider()).toString(), escrow.get("balance").asText());
    assertEquals(toProvider().toString(), escrow.get("totalWithdrawn").asText());
    assertTrue(escrow.get("conservation").asBoolean());
  }

  /** {@code debug_traceTransaction} with geth's callTracer, which the devnet serves. */
  private static JsonNode traceCalls(final String transactionHash) throws Exception {
    final String body =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"debug_traceTransaction\",\"params\":[\""
            + transactionHash
            + "\",{\"tracer\":\"callTracer\"}]}";
    final HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(rpc()))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    final JsonNode reply = new ObjectMapper().readTree(response.body());
    assertTrue(reply.has("result"), reply::toString);
    return reply.get("result");
  }

  private static BigInteger toProvider() {
    return PRICE.multiply(BigInteger.valueOf(915)).divide(BigInteger.valueOf(1_000));
  }

  @Test
  @Order(5)
  void aDeployerWithoutFundsIsToldSoBeforeAnythingIsSent() throws Exception {
    final CliRun run = deploy(PENNILESS, work.resolve("poor.json"));
    assertNotEquals(0, run.exit());
    assertTrue(
        run.err().contains("error: the deployer " + address(PENNILESS) + " holds 0 wei"),
        run.err());
    assertTrue(!Files.exists(work.resolve("poor.json")));
    try (Chain chain = Chain.connect(rpc())) {
      assertEquals(BigInteger.ZERO, chain.pendingNonce(PENNILESS.publicKey().address()));
    }
  }

  @Test
  @Order(6)
  void statusRefusesAManifestOfAnotherChainOrWithoutCode() throws Exception {
    final ObjectMapper json = new ObjectMapper();
    final ObjectNode other = (ObjectNode) json.readTree(Files.readString(manifestFile));
    other.put("chainId", 31337);
    final Path otherChain = work.resolve("other-chain.json");
    Files.writeString(otherChain, json.writeValueAsString(other));
    final CliRun wrongChain =
        CliRun.of("platform", "status", "--rpc", rpc(), "--manifest", otherChain.toString());
    assertNotEquals(0, wrongChain.exit());
    assertTrue(
        wrongChain
            .err()
            .contains("the manifest is for chain 31337 but " + rpc() + " is chain 1337"),
        wrongChain.err());

    final ObjectNode moved = (ObjectNode) json.readTree(Files.readString(manifestFile));
    final String nowhere = "0x" + "42".repeat(20);
    ((ObjectNode) moved.get("contracts")).put("MemberRegistry", nowhere);
    final Path noCode = work.resolve("no-code.json");
    Files.writeString(noCode, json.writeValueAsString(moved));
    final CliRun empty =
        CliRun.of("platform", "status", "--rpc", rpc(), "--manifest", noCode.toString());
    assertNotEquals(0, empty.exit());
    assertTrue(empty.err().contains("no MemberRegistry code at"), empty.err());
  }

  private static Bytes hash(final String text) {
    return Keccak.hash(text.getBytes(StandardCharsets.UTF_8)).bytes();
  }
}
