package io.amchain.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.amchain.actors.chain.Chain;
import io.amchain.actors.platform.MinerSetFollower;
import io.amchain.actors.proposals.OwnProposals;
import io.amchain.consensus.clique.Proposals;
import io.amchain.consensus.clique.SealingFixture;
import io.amchain.consensus.clique.Snapshot;
import io.amchain.ledger.block.Block;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.genesis.Genesis;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.tx.TransactionType;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Keccak;
import io.amchain.ledger.types.UInt256;
import io.amchain.vm.StateTransition;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MINER-set follower against the real, compiled MemberRegistry ({@code
 * /io/amchain/contracts/MemberRegistry.json} from the contracts module): blocks that deploy it,
 * admit a fourth MINER by vote and remove it again are imported through the Chain actor, and the
 * follower's proposals in OwnProposals, the votes the signer casts from them, and its verdicts on
 * manual votes follow the registry.
 */
class MinerSetFollowerTest {
  private static final long CHAIN_ID = 1337;
  private static final int MINER = 3;
  private static final int REMOVE = 1;
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  private ActorTestKit kit;
  private TestChain chain;
  private List<PrivateKey> founders;
  private PrivateKey applicant;
  private Address registry;
  private ActorRef<Chain.Command> chainActor;
  private ActorRef<OwnProposals.Command> ownProposals;
  private final Map<Address, Long> nonces = new HashMap<>();

  @BeforeEach
  void start() {
    founders =
        List.of(PrivateKey.generate(), PrivateKey.generate(), PrivateKey.generate()).stream()
            .sorted(Comparator.comparing(k -> k.publicKey().address()))
            .toList();
    applicant = PrivateKey.generate();
    final List<Address> signers = founders.stream().map(MinerSetFollowerTest::address).toList();
    final List<Address> funded = new ArrayList<>(signers);
    funded.add(address(applicant));
    final Genesis genesis =
        TestNode.genesis(signers, funded, 1, System.currentTimeMillis() / 1000 - 200);
    chain = TestChain.over(dir.resolve("node"), founders, genesis);
    registry = StateTransition.contractAddress(address(founders.get(0)), 0);
    kit = ActorTestKit.create(TestNode.inMemoryJournal());
    chainActor = kit.spawn(Chain.create("node-0", chain.resources, 100));
    ownProposals = kit.spawn(OwnProposals.create());
  }

  @AfterEach
  void stop() {
    kit.shutdownTestKit();
    chain.close();
  }

  @Test
  void aMinerAdmittedByVoteIsVotedInAndARemovedOneVotedOut() throws IOException {
    final Path manifest = dir.resolve("platform.json");
    final ActorRef<MinerSetFollower.Command> follower =
        kit.spawn(
            MinerSetFollower.create(
                chain.resources,
                new MinerSetFollower.Settings(Optional.empty(), Optional.of(manifest)),
                Optional.of(address(founders.get(0))),
                ownProposals));
    final Address newcomer = address(applicant);

    // Block 1 deploys the registry with the three signers as founding MINERs. The manifest comes
    // afterwards, as the devnet writes it; until then voting stays manual.
    importBlock(List.of(deployRegistry()), Optional.empty());
    assertEquals(Optional.empty(), verdictOnProposal(follower, newcomer, true));
    Files.writeString(
        manifest,
        "{\"chainId\": "
            + CHAIN_ID
            + ", \"contracts\": {\"MemberRegistry\": \""
            + registry.toChecksumHex()
            + "\"}, \"deployedAtBlock\": 1}");

    // Block 2: the applicant applies as a MINER and two founders of three vote yes, which
    // passes (2 * 2 > 3) and executes the admission.
    importBlock(
        List.of(
            call(
                applicant, "applyFor(uint8,bytes32,address)", word(MINER), word(7), word(newcomer)),
            call(founders.get(0), "vote(uint256,bool)", word(1), word(1)),
            call(founders.get(1), "vote(uint256,bool)", word(1), word(1))),
        Optional.empty());
    awaitProposals(Map.of(newcomer, true));
    assertEquals(Optional.of(Map.entry(newcomer, true)), nextVote());
    assertTrue(
        verdictOnProposal(follower, newcomer, false).orElseThrow().contains("MemberRegistry"));
    assertEquals(Optional.empty(), verdictOnProposal(follower, newcomer, true));
    assertTrue(verdictOnDiscard(follower, newcomer).isPresent());

    // Two signers' blocks vote it in; the proposal then stays, in effect, and is cast no more.
    importBlock(List.of(), Optional.of(Map.entry(newcomer, true)));
    importBlock(List.of(), Optional.of(Map.entry(newcomer, true)));
    assertTrue(snapshot().isSigner(newcomer));
    importBlock(List.of(), Optional.empty());
    assertEquals(Map.of(newcomer, true), proposals());
    assertEquals(Optional.empty(), nextVote());

    // Removal: four voting members now, so three founders must vote yes.
    importBlock(
        List.of(
            call(
                founders.get(0),
                "propose(uint8,address,uint8)",
                word(REMOVE),
                word(newcomer),
                word(MINER)),
            call(founders.get(0), "vote(uint256,bool)", word(2), word(1)),
            call(founders.get(1), "vote(uint256,bool)", word(2), word(1)),
            call(founders.get(2), "vote(uint256,bool)", word(2), word(1))),
        Optional.empty());
    awaitProposals(Map.of(newcomer, false));
    assertEquals(Optional.of(Map.entry(newcomer, false)), nextVote());
    assertTrue(verdictOnProposal(follower, newcomer, true).orElseThrow().contains("not among"));

    // Three of the four signers vote it out.
    for (int i = 0; i < 3; i++) {
      importBlock(List.of(), Optional.of(Map.entry(newcomer, false)));
    }
    assertEquals(
        founders.stream().map(MinerSetFollowerTest::address).toList(), snapshot().signers());
    importBlock(List.of(), Optional.empty());
    assertEquals(Map.of(newcomer, false), proposals());
    assertEquals(Optional.empty(), nextVote());
  }

  @Test
  void aNodeThatIsNoSignerProposesNothingButStillRefusesContradictingVotes() {
    final Address newcomer = address(applicant);
    final ActorRef<MinerSetFollower.Command> follower =
        kit.spawn(
            MinerSetFollower.create(
                chain.resources,
                new MinerSetFollower.Settings(Optional.of(registry), Optional.empty()),
                Optional.of(newcomer),
                ownProposals));
    importBlock(List.of(deployRegistry()), Optional.empty());
    importBlock(
        List.of(
            call(
                applicant, "applyFor(uint8,bytes32,address)", word(MINER), word(7), word(newcomer)),
            call(founders.get(0), "vote(uint256,bool)", word(1), word(1)),
            call(founders.get(1), "vote(uint256,bool)", word(1), word(1))),
        Optional.empty());
    // The verdict shows the follower has read the registry at block 2, where it lists the
    // newcomer; it has handled that head, and proposed nothing.
    awaitVerdict(() -> verdictOnProposal(follower, newcomer, false).isPresent());
    assertEquals(Map.of(), proposals());
  }

  @Test
  void aManifestOfAnotherChainIsIgnored() throws IOException {
    final Path manifest = dir.resolve("platform.json");
    Files.writeString(
        manifest,
        "{\"chainId\": 31337, \"contracts\": {\"MemberRegistry\": \""
            + registry.toChecksumHex()
            + "\"}}");
    final Address newcomer = address(applicant);
    // The follower says why at the first head it sees (and only once).
    final ActorRef<MinerSetFollower.Command> follower =
        LoggingTestKit.warn("is for chain 31337, this node runs chain 1337")
            .expect(
                kit.system(),
                () ->
                    kit.spawn(
                        MinerSetFollower.create(
                            chain.resources,
                            new MinerSetFollower.Settings(Optional.empty(), Optional.of(manifest)),
                            Optional.of(address(founders.get(0))),
                            ownProposals)));
    importBlock(List.of(deployRegistry()), Optional.empty());
    importBlock(
        List.of(
            call(
                applicant, "applyFor(uint8,bytes32,address)", word(MINER), word(7), word(newcomer)),
            call(founders.get(0), "vote(uint256,bool)", word(1), word(1)),
            call(founders.get(1), "vote(uint256,bool)", word(1), word(1))),
        Optional.empty());
    assertEquals(Map.of(), proposals());
    assertEquals(Optional.empty(), verdictOnProposal(follower, newcomer, false));
  }

  @Test
  void aRegistryWithoutCodeDrivesNothingAndLeavesVotingManual() {
    final Address nowhere = Address.fromHex("0x000000000000000000000000000000000000dead");
    final ActorRef<MinerSetFollower.Command> follower =
        kit.spawn(
            MinerSetFollower.create(
                chain.resources,
                new MinerSetFollower.Settings(Optional.of(nowhere), Optional.empty()),
                Optional.of(address(founders.get(0))),
                ownProposals));
    importBlock(List.of(deployRegistry()), Optional.empty());
    importBlock(List.of(), Optional.empty());
    // A follower of a real registry would now refuse this; this one has nothing to follow.
    assertEquals(Optional.empty(), verdictOnProposal(follower, address(founders.get(1)), false));
    assertEquals(Map.of(), proposals());
  }

  // ---- the chain ----

  /**
   * Seals a block on the head with these transactions and vote, by the first founder the head's
   * snapshot lets seal, and imports it through the Chain actor.
   */
  private void importBlock(
      final List<Transaction> transactions, final Optional<Map.Entry<Address, Boolean>> vote) {
    final BlockHeader parent = chain.resources.headHeader();
    final Snapshot snapshot = snapshot();
    final long number = parent.number() + 1;
    final PrivateKey signer =
        founders.stream()
            .filter(key -> !snapshot.signedRecently(address(key), number))
            .findFirst()
            .orElseThrow();
    final BlockHeader.Builder header =
        SealingFixture.child(
            parent, SealingFixture.difficulty(snapshot.inTurn(number, address(signer))));
    vote.ifPresent(v -> SealingFixture.vote(header, v.getKey(), v.getValue()));
    final TestChain.Built built =
        TestChain.built(chain.resources, parent, header, transactions, signer);
    built
        .receipts()
        .forEach(
            receipt ->
                assertTrue(receipt.success(), "a transaction of block " + number + " failed"));
    final Block block = built.block();
    final TestProbe<Chain.ImportResult> reply = kit.createTestProbe();
    chainActor.tell(new Chain.Import(block, reply.ref()));
    assertInstanceOf(Chain.Imported.class, reply.receiveMessage(WAIT));
  }

  private Transaction deployRegistry() {
    final List<Bytes> arguments = new ArrayList<>();
    arguments.add(word(64)); // the founders array starts after the two head words
    arguments.add(word(3600)); // proposalPeriod
    arguments.add(word(founders.size()));
    for (final PrivateKey founder : founders) {
      arguments.add(word(address(founder)));
      arguments.add(word(MINER));
      arguments.add(word(address(founder)));
    }
    return transaction(founders.get(0), null, concat(registryBytecode(), arguments), 8_000_000);
  }

  private Transaction call(final PrivateKey from, final String signature, final Bytes... args) {
    final Bytes selector =
        Keccak.hash(Bytes.wrap(signature.getBytes(StandardCharsets.US_ASCII))).bytes().slice(0, 4);
    return transaction(from, registry, concat(selector, List.of(args)), 1_000_000);
  }

  private Transaction transaction(
      final PrivateKey from, final Address to, final Bytes data, final long gas) {
    final long nonce = nonces.merge(address(from), 1L, Long::sum) - 1;
    return Transaction.builder(TransactionType.DYNAMIC_FEE)
        .chainId(CHAIN_ID)
        .nonce(nonce)
        .maxPriorityFeePerGas(UInt256.of(1_000_000_000L))
        .maxFeePerGas(UInt256.of(10_000_000_000L))
        .gasLimit(gas)
        .to(to)
        .data(data)
        .sign(from);
  }

  private static Bytes registryBytecode() {
    try (InputStream artifact =
        Objects.requireNonNull(
            MinerSetFollowerTest.class.getResourceAsStream(
                "/io/amchain/contracts/MemberRegistry.json"),
            "the contracts module's MemberRegistry.json is not on the test classpath")) {
      return Bytes.fromHex(new ObjectMapper().readTree(artifact).get("bytecode").asText());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Bytes word(final long value) {
    return UInt256.of(value).toBytes32();
  }

  private static Bytes word(final Address address) {
    return address.bytes().leftPad(32);
  }

  private static Bytes concat(final Bytes head, final List<Bytes> rest) {
    Bytes all = head;
    for (final Bytes part : rest) {
      all = all.concat(part);
    }
    return all;
  }

  private static Address address(final PrivateKey key) {
    return key.publicKey().address();
  }

  // ---- asking the actors ----

  private Snapshot snapshot() {
    return chain.resources.snapshotAt(chain.resources.headHeader().hash());
  }

  private Map<Address, Boolean> proposals() {
    final TestProbe<OwnProposals.ProposalList> reply = kit.createTestProbe();
    ownProposals.tell(new OwnProposals.GetProposals(reply.ref()));
    return reply.receiveMessage(WAIT).proposals();
  }

  private Optional<Map.Entry<Address, Boolean>> nextVote() {
    return Proposals.nextVote(proposals(), snapshot(), new Random())
        .map(vote -> Map.entry(vote.address(), vote.authorize()));
  }

  private void awaitProposals(final Map<Address, Boolean> expected) {
    final TestProbe<Object> probe = kit.createTestProbe();
    probe.awaitAssert(
        WAIT,
        () -> {
          assertEquals(expected, proposals());
          return null;
        });
  }

  private void awaitVerdict(final java.util.function.BooleanSupplier condition) {
    final TestProbe<Object> probe = kit.createTestProbe();
    probe.awaitAssert(
        WAIT,
        () -> {
          assertTrue(condition.getAsBoolean());
          return null;
        });
  }

  private Optional<String> verdictOnProposal(
      final ActorRef<MinerSetFollower.Command> follower,
      final Address address,
      final boolean authorize) {
    final TestProbe<MinerSetFollower.Verdict> reply = kit.createTestProbe();
    follower.tell(new MinerSetFollower.CheckProposal(address, authorize, reply.ref()));
    return reply.receiveMessage(WAIT).refusal();
  }

  private Optional<String> verdictOnDiscard(
      final ActorRef<MinerSetFollower.Command> follower, final Address address) {
    final TestProbe<MinerSetFollower.Verdict> reply = kit.createTestProbe();
    follower.tell(new MinerSetFollower.CheckDiscard(address, reply.ref()));
    return reply.receiveMessage(WAIT).refusal();
  }
}
