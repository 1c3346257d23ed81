package io.amchain.api.rpc;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a method may know about the request beyond its parameters: whether the caller showed the
 * node's bearer token, and the connection, when it can carry notifications.
 */
public final class RpcContext {
  private final boolean authorized;
  private final @Nullable RpcSession session;
  private final List<Runnable> afterReply = new ArrayList<>();

  public RpcContext(final boolean authorized, final @Nullable RpcSession session) {
    this.authorized = authorized;
    this.session = session;
  }

  public boolean authorized() {
    return authorized;
  }

  /** The WebSocket connection; null over HTTP. */
  public @Nullable RpcSession session() {
    return session;
  }

  /**
   * Runs {@code action} once the reply to this request has been queued to the client: a
   * subscription starts sending only after the client has its id.
   */
  public synchronized void afterReply(final Runnable action) {
    afterReply.add(action);
  }

  /** Called by the transport after it queued the reply. */
  public void replied() {
    final List<Runnable> actions;
    synchronized (this) {
      actions = List.copyOf(afterReply);
      afterReply.clear();
    }
    actions.forEach(Runnable::run);
  }
}
