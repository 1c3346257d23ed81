package io.amchain.api.rpc.server;

import io.amchain.api.rpc.Json;
import io.amchain.api.rpc.JsonRpcProcessor;
import io.amchain.api.rpc.RpcError;
import io.amchain.api.rpc.RpcSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.KillSwitch;
import org.apache.pekko.stream.QueueOfferResult;

/**
 * One WebSocket connection: replies and notifications go through one bounded queue. A message that
 * finds the queue full ends the connection: a client that stops reading would otherwise lose some
 * replies silently and keep the rest of its subscriptions running for nobody.
 */
final class WebSocketSession implements RpcSession {
  private final BoundedSourceQueue<String> outgoing;
  private final KillSwitch disconnect;
  private final CompletableFuture<Optional<String>> last;
  private final int capacity;
  private final List<Runnable> closeActions = new ArrayList<>();
  private boolean closed;

  /**
   * @param outgoing replies and notifications
   * @param disconnect ends {@code outgoing} at once, dropping what it holds
   * @param last what goes out after {@code outgoing} ends, before the close frame: completed once,
   *     with nothing when the connection simply ends (a future, not a queue, so that ending the
   *     connection can never drop the message that says why)
   */
  WebSocketSession(
      final BoundedSourceQueue<String> outgoing,
      final KillSwitch disconnect,
      final CompletableFuture<Optional<String>> last,
      final int capacity) {
    this.outgoing = outgoing;
    this.disconnect = disconnect;
    this.last = last;
    this.capacity = capacity;
  }

  @Override
  public boolean send(final String json) {
    final QueueOfferResult result = outgoing.offer(json);
    if (result == QueueOfferResult.enqueued()) {
      return true;
    }
    if (result == QueueOfferResult.dropped()) {
      last.complete(
          Optional.of(
              Json.write(
                  JsonRpcProcessor.error(
                      null,
                      RpcError.LIMIT_EXCEEDED.exception(
                          "connection closed: the client read too slowly ("
                              + capacity
                              + " messages waiting, amchain.rpc.websocket-buffer)")))));
      // Drops what is still queued and ends the replies: the message above, then the close frame.
      disconnect.shutdown();
      close();
    }
    return false;
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

  /** The client went away or was dropped: stop everything the connection started. */
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
    try {
      outgoing.complete();
    } catch (IllegalStateException alreadyEnded) {
      // The kill switch of a dropped client ended the queue's stream first: nothing to complete.
    }
    last.complete(Optional.empty());
  }
}
