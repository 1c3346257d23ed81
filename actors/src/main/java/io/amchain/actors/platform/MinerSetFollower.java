package io.amchain.actors.platform;

import io.amchain.actors.Events;
import io.amchain.actors.NodeResources;
import io.amchain.actors.chain.Chain;
import io.amchain.actors.proposals.OwnProposals;
import io.amchain.consensus.clique.Snapshot;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.types.Address;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Makes this node's Clique votes follow the MemberRegistry (see the package documentation): at each
 * new head it reads {@code minerSigners()} on the head's state and, when this node is a signer
 * there, updates the node's {@link OwnProposals} through their own {@code Propose}/{@code Discard}
 * messages, as {@link MinerSetVotes} derives them. The head's Clique snapshot comes with the head
 * ({@link Chain.NewHead}) or from the node's snapshot cache. It also tells the API whether a manual
 * {@code clique_propose} or {@code clique_discard} contradicts the registry.
 *
 * <p>Runs the EVM and reads RocksDB in its message handler: spawn it on the blocking dispatcher.
 */
public final class MinerSetFollower {

  /** Where the registry's address comes from; with neither, Clique voting stays manual. */
  public record Settings(Optional<Address> memberRegistry, Optional<Path> manifest) {
    public static final Settings NONE = new Settings(Optional.empty(), Optional.empty());

    boolean configured() {
      return memberRegistry.isPresent() || manifest.isPresent();
    }
  }

  /** What the follower answers, and the steps of its work at a head. */
  public sealed interface Command {}

  /** Whether {@code clique_propose(address, authorize)} may be accepted. */
  public record CheckProposal(Address address, boolean authorize, ActorRef<Verdict> replyTo)
      implements Command {}

  /** Whether {@code clique_discard(address)} may be accepted. */
  public record CheckDiscard(Address address, ActorRef<Verdict> replyTo) implements Command {}

  /** Empty when the request agrees with the registry (or no registry drives the votes). */
  public record Verdict(Optional<String> refusal) {}

  private record HeadChanged(BlockHeader head, Snapshot snapshot) implements Command {}

  private record ProposalsReady(Snapshot snapshot, MinerSetVotes votes, Map<Address, Boolean> held)
      implements Command {}

  private record StepFailed(BlockHeader head, String reason) implements Command {}

  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

  /** The registry's list and the signers at the last head it answered at. */
  private record View(MinerSetVotes votes, List<Address> signers) {}

  public static Behavior<Command> create(
      final NodeResources resources,
      final Settings settings,
      final Optional<Address> self,
      final ActorRef<OwnProposals.Command> proposals) {
    return Behaviors.setup(
        context -> {
          if (settings.configured()) {
            Events.subscribe(
                context,
                Chain.NewHead.class,
                newHead -> new HeadChanged(newHead.block().header(), newHead.snapshot()));
            // A restarted node has a head already: follow from it, not only from the next one.
            final BlockHeader head = resources.headHeader();
            context.getSelf().tell(new HeadChanged(head, resources.snapshotAt(head.hash())));
          }
          return new MinerSetFollower(context, resources, settings, self, proposals).behavior();
        });
  }

  private final ActorContext<Command> context;
  private final NodeResources resources;
  private final Settings settings;
  private final Optional<Address> self;
  private final ActorRef<OwnProposals.Command> proposals;

  private Optional<Address> registry;

  /** Heads before the deployment's block: the registry has no code there yet, which is no fault. */
  private long deployedAtBlock;

  private Optional<View> view = Optional.empty();

  /** A head's work is under way; {@link #next} holds the newest head that came meanwhile. */
  private boolean busy;

  private Optional<HeadChanged> next = Optional.empty();

  /** The last problem logged, so that each is logged once and not at every head. */
  private String lastProblem = "";

  private MinerSetFollower(
      final ActorContext<Command> context,
      final NodeResources resources,
      final Settings settings,
      final Optional<Address> self,
      final ActorRef<OwnProposals.Command> proposals) {
    this.context = context;
    this.resources = resources;
    this.settings = settings;
    this.self = self;
    this.proposals = proposals;
    this.registry = settings.memberRegistry();
  }

  private Behavior<Command> behavior() {
    return Behaviors.receive(Command.class)
        .onMessage(CheckProposal.class, this::onCheckProposal)
        .onMessage(CheckDiscard.class, this::onCheckDiscard)
        .onMessage(HeadChanged.class, this::onHead)
        .onMessage(ProposalsReady.class, this::onProposals)
        .onMessage(StepFailed.class, this::onFailed)
        .build();
  }

  private Behavior<Command> onCheckProposal(final CheckProposal check) {
    check
        .replyTo()
        .tell(
            new Verdict(
                view.flatMap(
                    v -> v.votes().refusalOfProposal(check.address(), check.authorize()))));
    return Behaviors.same();
  }

  private Behavior<Command> onCheckDiscard(final CheckDiscard check) {
    check
        .replyTo()
        .tell(
            new Verdict(
                view.flatMap(v -> v.votes().refusalOfDiscard(check.address(), v.signers()))));
    return Behaviors.same();
  }

  private Behavior<Command> onHead(final HeadChanged changed) {
    if (busy) {
      next = Optional.of(changed);
      return Behaviors.same();
    }
    return follow(changed);
  }

  /** Reads the registry at the head, then asks for the proposals this node holds. */
  private Behavior<Command> follow(final HeadChanged changed) {
    final BlockHeader head = changed.head();
    final Optional<Address> address = registry.or(this::fromManifest);
    if (address.isEmpty() || head.number() < deployedAtBlock) {
      return Behaviors.same();
    }
    final MinerSignersCall.Answer answer = MinerSignersCall.at(resources, head, address.get());
    if (answer instanceof MinerSignersCall.Unusable unusable) {
      return stopDriving(address.get(), unusable.reason());
    }
    final List<Address> miners = ((MinerSignersCall.Listed) answer).miners();
    if (miners.isEmpty()) {
      return stopDriving(address.get(), "minerSigners() is empty");
    }
    lastProblem = "";
    busy = true;
    final MinerSetVotes votes = new MinerSetVotes(address.get(), Set.copyOf(miners));
    final Snapshot snapshot = changed.snapshot();
    if (view.isEmpty()) {
      context
          .getLog()
          .info(
              "following the MemberRegistry at {}: {} miners at block {}",
              votes.registry(),
              votes.miners().size(),
              snapshot.number());
    }
    view = Optional.of(new View(votes, snapshot.signers()));
    if (self.isEmpty() || !snapshot.isSigner(self.get())) {
      // Not a signer here: whatever this node proposes is never cast, so it proposes nothing.
      return done();
    }
    context.ask(
        OwnProposals.ProposalList.class,
        proposals,
        ASK_TIMEOUT,
        OwnProposals.GetProposals::new,
        (list, failure) ->
            list != null
                ? new ProposalsReady(snapshot, votes, list.proposals())
                : new StepFailed(head, "no proposals: " + failure));
    return Behaviors.same();
  }

  private Behavior<Command> onProposals(final ProposalsReady ready) {
    final Map<Address, Boolean> held = ready.held();
    final Map<Address, Boolean> wanted =
        ready.votes().proposals(ready.snapshot().signers(), self.orElseThrow(), held);
    final ActorRef<OwnProposals.ProposalList> ignore = context.getSystem().ignoreRef();
    wanted.forEach(
        (address, authorize) -> {
          if (!authorize.equals(held.get(address))) {
            context
                .getLog()
                .info(
                    "block {}: the MemberRegistry {} {}, so this node votes to {} it",
                    ready.snapshot().number(),
                    authorize ? "lists" : "does not list",
                    address,
                    authorize ? "add" : "drop");
            proposals.tell(new OwnProposals.Propose(address, authorize, ignore));
          }
        });
    held.keySet().stream()
        .filter(address -> !wanted.containsKey(address))
        .forEach(
            address -> {
              context
                  .getLog()
                  .info(
                      "block {}: the MemberRegistry contradicts the proposal on {}: discarded",
                      ready.snapshot().number(),
                      address);
              proposals.tell(new OwnProposals.Discard(address, ignore));
            });
    return done();
  }

  private Behavior<Command> onFailed(final StepFailed failed) {
    context
        .getLog()
        .warn(
            "following the MemberRegistry at block {} failed: {}",
            failed.head().number(),
            failed.reason());
    return done();
  }

  /** The head's work is over: go on with the newest head that came meanwhile, if any. */
  private Behavior<Command> done() {
    busy = false;
    final Optional<HeadChanged> waiting = next;
    next = Optional.empty();
    return waiting.map(this::follow).orElse(Behaviors.same());
  }

  /**
   * The safety rule: a registry that gives no usable list proposes and withdraws nothing (the
   * proposals stay as the last good answer left them), and manual voting is open again.
   */
  private Behavior<Command> stopDriving(final Address address, final String problem) {
    view = Optional.empty();
    if (!problem.equals(lastProblem)) {
      context
          .getLog()
          .warn(
              "not following the MemberRegistry at {}: {}; this node casts no vote from it until"
                  + " it answers with a list of miners",
              address,
              problem);
      lastProblem = problem;
    }
    return done();
  }

  /**
   * The registry named by the manifest, once the file exists and is for this chain. The devnet
   * writes it only after deploying, so a missing file is normal and checked again at the next head.
   */
  private Optional<Address> fromManifest() {
    if (settings.manifest().isEmpty() || !Files.isRegularFile(settings.manifest().get())) {
      return Optional.empty();
    }
    final Path file = settings.manifest().get();
    final PlatformManifest manifest;
    try {
      manifest = PlatformManifest.read(file);
    } catch (IOException | IllegalArgumentException e) {
      problem("the manifest " + file + " is unreadable (" + e.getMessage() + "); retrying");
      return Optional.empty();
    }
    if (manifest.chainId() != resources.chainId()) {
      problem(
          "the manifest "
              + file
              + " is for chain "
              + manifest.chainId()
              + ", this node runs chain "
              + resources.chainId()
              + "; ignoring it");
      return Optional.empty();
    }
    registry = Optional.of(manifest.memberRegistry());
    deployedAtBlock = manifest.deployedAtBlock();
    context.getLog().info("the MemberRegistry is at {} (from {})", manifest.memberRegistry(), file);
    return registry;
  }

  private void problem(final String problem) {
    if (!Objects.equals(problem, lastProblem)) {
      context.getLog().warn(problem);
      lastProblem = problem;
    }
  }
}
