package io.amchain.api.rpc;

/**
 * A connection that can carry messages the server starts (WebSocket): subscription notifications.
 */
public interface RpcSession {

  /**
   * Queues a message to the client; false if the connection is closed or its buffer is full, which
   * closes the connection (a client that does not read is dropped, never left with gaps).
   */
  boolean send(String json);

  /** Runs {@code action} once when the connection closes (at once if it is closed already). */
  void onClose(Runnable action);
}
