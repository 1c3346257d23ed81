package io.amchain.api.rpc.server;

import io.amchain.api.rpc.RpcSession;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;

/** One WebSocket connection: replies and notifications go through one bounded queue. */
final class WebSocketSession implements RpcSession {
  private final BoundedSourceQueue<String> outgoing;
  private final List<Runnable> closeActions = new ArrayList<>();
  private boolean closed;

  WebSocketSession(final BoundedSourceQueue<String> outgoing) {
    this.outgoing = outgoing;
  }

  @Override
  public boolean send(final String json) {
    return outgoing.offer(json) == QueueOfferResult.enqueued();
  }

  @Override
  public void onClose(final Runnable action) {
    synchronized (this) {
      if (!closed) {
        closeActions.add(action);
        return;
      }
    }
    action.run();
  }

  /** The client went away: stop everything the connection started. */
  void close() {
    final List<Runnable> actions;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      actions = List.copyOf(closeActions);
      closeActions.clear();
    }
    actions.forEach(Runnable::run);
    outgoing.complete();
  }
}
