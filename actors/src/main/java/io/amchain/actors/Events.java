package io.amchain.actors;

import java.util.function.Function;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/** The actor system's event stream, as the node's actors listen to it. */
public final class Events {
  private Events() {}

  /**
   * Has the actor of {@code context} receive every {@code type} published on the event stream, as
   * the command {@code adapt} makes of it.
   */
  public static <E, C> void subscribe(
      final ActorContext<C> context, final Class<E> type, final Function<E, C> adapt) {
    context
        .getSystem()
        .eventStream()
        .tell(new EventStream.Subscribe<>(type, context.messageAdapter(type, adapt::apply)));
  }
}
