package io.amchain.actors.gossip;

import io.amchain.actors.WireMessage;
import io.amchain.actors.chain.Chain;
import io.amchain.actors.mempool.Mempool;
import io.amchain.actors.sync.Sync;
import io.amchain.ledger.block.Block;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.types.Bytes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * Spreads new blocks and transactions to every member of the cluster through one typed {@link
 * Topic}, and hands what peers spread to the chain and the mempool. Transactions are spread by the
 * node whose client sent them, once; peers do not re-spread them. A block whose parent this node
 * lacks sends the sync actor to fetch the range.
 */
public final class Gossip {

  /** What the gossip actor is told. */
  public sealed interface Command {}

  /** Spread a block this node sealed. */
  public record PublishBlock(Block block) implements Command {}

  private record Heard(Broadcast broadcast) implements Command {}

  private record Accepted(Mempool.NewPendingTransaction accepted) implements Command {}

  private record ImportAnswered(Chain.ImportResult result) implements Command {}

  /** What travels on the topic. */
  public sealed interface Broadcast extends WireMessage {}

  /** A sealed block, as its network RLP. */
  public record NewBlock(Bytes rlp) implements Broadcast {}

  /** Transactions, each as its network encoding. */
  public record NewTransactions(List<Bytes> transactions) implements Broadcast {
    public NewTransactions {
      transactions = List.copyOf(transactions);
    }
  }

  private static final String TOPIC = "amchain-gossip";
  private static final Duration IMPORT_TIMEOUT = Duration.ofSeconds(10);

  public static Behavior<Command> create(
      final ActorRef<Chain.Command> chain,
      final ActorRef<Mempool.Command> mempool,
      final ActorRef<Sync.Command> sync) {
    return Behaviors.setup(
        context -> {
          final ActorRef<Topic.Command<Broadcast>> topic =
              context.spawn(Topic.create(Broadcast.class, TOPIC), "topic");
          topic.tell(Topic.subscribe(context.messageAdapter(Broadcast.class, Heard::new)));
          context
              .getSystem()
              .eventStream()
              .tell(
                  new EventStream.Subscribe<>(
                      Mempool.NewPendingTransaction.class,
                      context.messageAdapter(Mempool.NewPendingTransaction.class, Accepted::new)));
          return behavior(context, topic, chain, mempool, sync);
        });
  }

  private static Behavior<Command> behavior(
      final ActorContext<Command> context,
      final ActorRef<Topic.Command<Broadcast>> topic,
      final ActorRef<Chain.Command> chain,
      final ActorRef<Mempool.Command> mempool,
      final ActorRef<Sync.Command> sync) {
    return Behaviors.receive(Command.class)
        .onMessage(
            PublishBlock.class,
            m -> {
              topic.tell(Topic.publish(new NewBlock(m.block().encoded())));
              return Behaviors.same();
            })
        .onMessage(
            Accepted.class,
            m -> {
              if (m.accepted().local()) {
                topic.tell(
                    Topic.publish(
                        new NewTransactions(List.of(m.accepted().transaction().encoded()))));
              }
              return Behaviors.same();
            })
        .onMessage(
            Heard.class,
            m -> {
              if (m.broadcast() instanceof NewBlock newBlock) {
                final Block block;
                try {
                  block = Block.decode(newBlock.rlp());
                } catch (RuntimeException e) {
                  context.getLog().warn("undecodable block from a peer: {}", e.getMessage());
                  return Behaviors.same();
                }
                context.ask(
                    Chain.ImportResult.class,
                    chain,
                    IMPORT_TIMEOUT,
                    replyTo -> new Chain.Import(block, replyTo),
                    (result, failure) ->
                        new ImportAnswered(
                            result != null
                                ? result
                                : new Chain.Rejected(
                                    block.hash(), block.number(), "timeout: " + failure)));
              } else if (m.broadcast() instanceof NewTransactions newTransactions) {
                final List<Transaction> transactions = new ArrayList<>();
                for (final Bytes raw : newTransactions.transactions()) {
                  try {
                    transactions.add(Transaction.decode(raw));
                  } catch (RuntimeException e) {
                    context
                        .getLog()
                        .debug("undecodable transaction from a peer: {}", e.getMessage());
                  }
                }
                mempool.tell(new Mempool.Receive(transactions));
              }
              return Behaviors.same();
            })
        .onMessage(
            ImportAnswered.class,
            m -> {
              if (m.result() instanceof Chain.UnknownParent) {
                sync.tell(new Sync.CatchUp());
              }
              return Behaviors.same();
            })
        .build();
  }
}
