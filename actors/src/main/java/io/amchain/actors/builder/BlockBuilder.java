package io.amchain.actors.builder;

import io.amchain.actors.NodeResources;
import io.amchain.actors.mempool.Mempool;
import io.amchain.actors.tally.VoteTally;
import io.amchain.consensus.clique.ChainRules;
import io.amchain.consensus.clique.Clique;
import io.amchain.consensus.clique.SealingSchedule;
import io.amchain.consensus.clique.Snapshot;
import io.amchain.ledger.block.Block;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.block.FeeMarket;
import io.amchain.ledger.block.Receipt;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.UInt256;
import io.amchain.vm.BlockAssembler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Builds the unsealed block a signer will seal: the vote from the tally, the transactions from the
 * mempool, executed on the parent's state with the EVM. Execution is CPU work, so this actor runs
 * on its own dispatcher.
 */
public final class BlockBuilder {

  /** What the builder is asked. */
  public sealed interface Command {}

  /** Build on {@code parent} for {@code signer}, with the given timestamp. */
  public record Build(
      BlockHeader parent,
      Snapshot snapshot,
      Address signer,
      long timestamp,
      ActorRef<Built> replyTo)
      implements Command {}

  /** An unsealed block, with the receipts of its execution. */
  public record Built(Block block, List<Receipt> receipts) {
    public Built {
      receipts = List.copyOf(receipts);
    }
  }

  private record VoteReady(Build request, VoteTally.Vote vote) implements Command {}

  private record CandidatesReady(
      Build request, BlockHeader template, List<Transaction> transactions) implements Command {
    CandidatesReady {
      transactions = List.copyOf(transactions);
    }
  }

  private record StepFailed(Build request, String reason) implements Command {}

  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(2);
  private static final int VANITY_BYTES = Clique.EXTRA_VANITY;

  public static Behavior<Command> create(
      final NodeResources resources,
      final ActorRef<VoteTally.Command> tally,
      final ActorRef<Mempool.Command> mempool) {
    return Behaviors.setup(
        context -> new BlockBuilder(context, resources, tally, mempool).behavior());
  }

  private final ActorContext<Command> context;
  private final NodeResources resources;
  private final ChainRules rules;
  private final ActorRef<VoteTally.Command> tally;
  private final ActorRef<Mempool.Command> mempool;

  private BlockBuilder(
      final ActorContext<Command> context,
      final NodeResources resources,
      final ActorRef<VoteTally.Command> tally,
      final ActorRef<Mempool.Command> mempool) {
    this.context = context;
    this.resources = resources;
    this.rules = resources.rules();
    this.tally = tally;
    this.mempool = mempool;
  }

  private Behavior<Command> behavior() {
    return Behaviors.receive(Command.class)
        .onMessage(Build.class, this::onBuild)
        .onMessage(VoteReady.class, this::onVote)
        .onMessage(CandidatesReady.class, this::onCandidates)
        .onMessage(
            StepFailed.class,
            failed -> {
              context.getLog().warn("block building failed: {}", failed.reason());
              return Behaviors.same();
            })
        .build();
  }

  private Behavior<Command> onBuild(final Build request) {
    context.ask(
        VoteTally.Vote.class,
        tally,
        ASK_TIMEOUT,
        replyTo -> new VoteTally.NextVote(request.snapshot(), replyTo),
        (vote, failure) ->
            vote != null
                ? new VoteReady(request, vote)
                : new StepFailed(request, "no vote from the tally: " + failure));
    return Behaviors.same();
  }

  private Behavior<Command> onVote(final VoteReady ready) {
    final Build request = ready.request();
    final BlockHeader parent = request.parent();
    final long number = parent.number() + 1;
    final Optional<Map.Entry<Address, Boolean>> vote = ready.vote().vote();
    final boolean checkpoint = Clique.isCheckpoint(number, rules.epoch());
    final UInt256 baseFee = rules.isLondon(number) ? FeeMarket.nextBaseFee(parent) : null;
    final BlockHeader template =
        BlockHeader.builder()
            .parentHash(parent.hash())
            .number(number)
            .timestamp(request.timestamp())
            .gasLimit(parent.gasLimit())
            .baseFee(baseFee)
            .difficulty(SealingSchedule.difficulty(request.snapshot(), request.signer()))
            .coinbase(vote.isPresent() ? vote.get().getKey() : Address.ZERO)
            .nonce(
                vote.isPresent() && vote.get().getValue() ? Clique.NONCE_AUTH : Clique.NONCE_DROP)
            .extraData(
                Clique.extraData(
                    Bytes.wrap(new byte[VANITY_BYTES]),
                    checkpoint ? request.snapshot().signers() : List.of()))
            .build();
    context.ask(
        Mempool.CandidateList.class,
        mempool,
        ASK_TIMEOUT,
        replyTo ->
            new Mempool.Candidates(
                parent, baseFee == null ? UInt256.ZERO : baseFee, parent.gasLimit(), replyTo),
        (candidates, failure) ->
            candidates != null
                ? new CandidatesReady(request, template, candidates.transactions())
                : new StepFailed(request, "no candidates from the mempool: " + failure));
    return Behaviors.same();
  }

  private Behavior<Command> onCandidates(final CandidatesReady ready) {
    final Build request = ready.request();
    final BlockAssembler.Assembled assembled =
        BlockAssembler.assemble(
            resources.stateAt(request.parent()),
            ready.template().toBuilder(),
            ready.transactions(),
            request.signer(),
            resources.chainId(),
            resources::canonicalHash);
    request.replyTo().tell(new Built(assembled.block(), assembled.receipts()));
    return Behaviors.same();
  }
}
