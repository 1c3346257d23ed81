package io.amchain.actors.builder;

import io.amchain.actors.NodeResources;
import io.amchain.actors.mempool.Mempool;
import io.amchain.consensus.clique.ChainRules;
import io.amchain.consensus.clique.Clique;
import io.amchain.consensus.clique.Proposal;
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
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Builds the unsealed block a signer will seal: the vote the signer chose, the transactions from
 * the mempool, executed on the parent's state with the EVM. Every {@link Build} is answered, with
 * {@link Built} or with {@link BuildFailed} and the reason, so that the signer never waits out its
 * ask. Execution is CPU work, so this actor runs on its own dispatcher. Told to {@link Prepare}
 * (the signer is in turn), it runs the pool's transactions while the period passes, so that the
 * build at the seal time only has the last arrivals to run: that build is on the path of every
 * transaction's inclusion latency.
 */
public final class BlockBuilder {

  /** What the builder is asked. */
  public sealed interface Command {}

  /**
   * Build on {@code parent} (whose Clique snapshot is {@code snapshot}) for {@code signer}, with
   * the given timestamp, casting {@code vote} in the coinbase and nonce.
   */
  public record Build(
      BlockHeader parent,
      Snapshot snapshot,
      Address signer,
      long timestamp,
      Optional<Proposal> vote,
      ActorRef<BuildResult> replyTo)
      implements Command {}

  /**
   * This signer seals the next block on {@code parent} at {@code timestamp}: until it asks for it
   * ({@link Build} with the same parent, signer and timestamp), run the pool's transactions as they
   * come, so that the build itself only has the last arrivals to run. Any other request drops the
   * preparation.
   */
  public record Prepare(BlockHeader parent, Address signer, long timestamp) implements Command {}

  /** The answer to a {@link Build}. */
  public sealed interface BuildResult {}

  /** An unsealed block, with the receipts of its execution. */
  public record Built(Block block, List<Receipt> receipts) implements BuildResult {
    public Built {
      receipts = List.copyOf(receipts);
    }
  }

  /** No block: the mempool did not answer, or the parent's state could not be built on. */
  public record BuildFailed(String reason) implements BuildResult {}

  private record CandidatesReady(
      Build request, BlockHeader template, List<Transaction> transactions) implements Command {
    CandidatesReady {
      transactions = List.copyOf(transactions);
    }
  }

  private record StepFailed(Build request, String reason) implements Command {}

  private enum TopUp implements Command {
    INSTANCE
  }

  private record TopUpCandidates(long preparation, List<Transaction> transactions)
      implements Command {
    TopUpCandidates {
      transactions = List.copyOf(transactions);
    }
  }

  /** A block being filled ahead of its build. */
  private record Preparation(
      long id, Prepare request, BlockHeader template, BlockAssembler assembler) {
    boolean serves(final Build build) {
      return request.parent().hash().equals(build.parent().hash())
          && request.signer().equals(build.signer())
          && request.timestamp() == build.timestamp();
    }
  }

  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(2);

  /** How often a preparation takes in what the pool has gained. */
  private static final Duration TOP_UP_INTERVAL = Duration.ofMillis(150);

  private static final int VANITY_BYTES = Clique.EXTRA_VANITY;

  public static Behavior<Command> create(
      final NodeResources resources, final ActorRef<Mempool.Command> mempool) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> new BlockBuilder(context, timers, resources, mempool).behavior()));
  }

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final NodeResources resources;
  private final ChainRules rules;
  private final ActorRef<Mempool.Command> mempool;

  /** The block being filled for the build this signer's next turn will ask for. */
  private Optional<Preparation> preparation = Optional.empty();

  private long preparations;

  private BlockBuilder(
      final ActorContext<Command> context,
      final TimerScheduler<Command> timers,
      final NodeResources resources,
      final ActorRef<Mempool.Command> mempool) {
    this.context = context;
    this.timers = timers;
    this.resources = resources;
    this.rules = resources.rules();
    this.mempool = mempool;
  }

  private Behavior<Command> behavior() {
    return Behaviors.receive(Command.class)
        .onMessage(Prepare.class, this::onPrepare)
        .onMessageEquals(TopUp.INSTANCE, this::onTopUp)
        .onMessage(TopUpCandidates.class, this::onTopUpCandidates)
        .onMessage(Build.class, this::onBuild)
        .onMessage(CandidatesReady.class, this::onCandidates)
        .onMessage(StepFailed.class, this::onFailed)
        .build();
  }

  private Behavior<Command> onPrepare(final Prepare request) {
    final BlockHeader template = executionFields(request.parent(), request.timestamp()).build();
    preparation =
        Optional.of(
            new Preparation(
                ++preparations,
                request,
                template,
                BlockAssembler.start(
                    resources.stateAt(request.parent()),
                    template,
                    request.signer(),
                    resources.chainId(),
                    resources.genesis().forks(),
                    resources::canonicalHash)));
    timers.startTimerWithFixedDelay(TopUp.INSTANCE, TopUp.INSTANCE, TOP_UP_INTERVAL);
    return Behaviors.same();
  }

  private Behavior<Command> onTopUp() {
    if (preparation.isEmpty()
        || System.currentTimeMillis() > (preparation.get().request().timestamp() + 2) * 1000) {
      // Its build never came (another signer's block won the height): nothing to prepare for.
      dropPreparation();
      return Behaviors.same();
    }
    final Preparation current = preparation.get();
    final BlockHeader template = current.template();
    context.ask(
        Mempool.CandidateList.class,
        mempool,
        ASK_TIMEOUT,
        replyTo ->
            new Mempool.Candidates(
                current.request().parent(), baseFeeOf(template), template.gasLimit(), replyTo),
        (candidates, failure) ->
            new TopUpCandidates(
                current.id(), candidates == null ? List.of() : candidates.transactions()));
    return Behaviors.same();
  }

  private Behavior<Command> onTopUpCandidates(final TopUpCandidates candidates) {
    preparation
        .filter(current -> current.id() == candidates.preparation())
        .ifPresent(current -> current.assembler().add(candidates.transactions()));
    return Behaviors.same();
  }

  private void dropPreparation() {
    preparation = Optional.empty();
    timers.cancel(TopUp.INSTANCE);
  }

  private Behavior<Command> onFailed(final StepFailed failed) {
    context.getLog().warn("block building failed: {}", failed.reason());
    failed.request().replyTo().tell(new BuildFailed(failed.reason()));
    return Behaviors.same();
  }

  private Behavior<Command> onBuild(final Build request) {
    final BlockHeader parent = request.parent();
    final long number = parent.number() + 1;
    final Optional<Proposal> vote = request.vote();
    final boolean checkpoint = Clique.isCheckpoint(number, rules.epoch());
    final BlockHeader template =
        executionFields(parent, request.timestamp())
            .difficulty(SealingSchedule.difficulty(request.snapshot(), request.signer()))
            .coinbase(vote.map(Proposal::address).orElse(Address.ZERO))
            .nonce(
                vote.isPresent() && vote.get().authorize() ? Clique.NONCE_AUTH : Clique.NONCE_DROP)
            .extraData(
                Clique.extraData(
                    Bytes.wrap(new byte[VANITY_BYTES]),
                    checkpoint ? request.snapshot().signers() : List.of()))
            .build();
    context.ask(
        Mempool.CandidateList.class,
        mempool,
        ASK_TIMEOUT,
        replyTo -> new Mempool.Candidates(parent, baseFeeOf(template), parent.gasLimit(), replyTo),
        (candidates, failure) ->
            candidates != null
                ? new CandidatesReady(request, template, candidates.transactions())
                : new StepFailed(request, "no candidates from the mempool: " + failure));
    return Behaviors.same();
  }

  private Behavior<Command> onCandidates(final CandidatesReady ready) {
    final Build request = ready.request();
    try {
      request.replyTo().tell(assemble(ready));
    } catch (RuntimeException e) {
      // The parent's state is missing or execution broke: an answer still, never a silent ask.
      return onFailed(
          new StepFailed(
              request, "building on " + request.parent().number() + " failed: " + e.getMessage()));
    }
    return Behaviors.same();
  }

  private Built assemble(final CandidatesReady ready) {
    final Build request = ready.request();
    final BlockAssembler assembler =
        preparation
            .filter(prepared -> prepared.serves(request))
            .map(Preparation::assembler)
            .orElseGet(
                () ->
                    BlockAssembler.start(
                        resources.stateAt(request.parent()),
                        ready.template(),
                        request.signer(),
                        resources.chainId(),
                        resources.genesis().forks(),
                        resources::canonicalHash));
    dropPreparation();
    assembler.add(ready.transactions());
    final BlockAssembler.Assembled assembled = assembler.finish(ready.template().toBuilder());
    return new Built(assembled.block(), assembled.receipts());
  }

  /** The header fields execution sees: parent hash, number, timestamp, gas limit, base fee. */
  private BlockHeader.Builder executionFields(final BlockHeader parent, final long timestamp) {
    final long number = parent.number() + 1;
    return BlockHeader.builder()
        .parentHash(parent.hash())
        .number(number)
        .timestamp(timestamp)
        .gasLimit(parent.gasLimit())
        .baseFee(rules.isLondon(number) ? FeeMarket.nextBaseFee(parent) : null);
  }

  private static UInt256 baseFeeOf(final BlockHeader header) {
    return header.baseFee() == null ? UInt256.ZERO : header.baseFee();
  }
}
