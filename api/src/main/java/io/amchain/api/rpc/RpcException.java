package io.amchain.api.rpc;

import io.amchain.ledger.types.Bytes;
import org.jspecify.annotations.Nullable;

/** A JSON-RPC error response: its kind, a message for people, and optional data (revert output). */
public final class RpcException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final RpcError error;
  private final transient @Nullable Bytes data;

  RpcException(final RpcError error, final String message, final @Nullable Bytes data) {
    // No stack trace: these are answers to bad requests, thrown often and never debugged.
    super(message, null, false, false);
    this.error = error;
    this.data = data;
  }

  public RpcError error() {
    return error;
  }

  public int code() {
    return error.code();
  }

  /** Revert output for {@link RpcError#EXECUTION_REVERTED}; null otherwise. */
  public @Nullable Bytes data() {
    return data;
  }
}
