package io.amchain.api.rpc;

import io.amchain.ledger.tx.TransactionException;
import io.amchain.ledger.types.Bytes;
import org.jspecify.annotations.Nullable;

/**
 * Every error the JSON-RPC server returns, with the codes of the Ethereum execution API and geth.
 * Methods throw {@link RpcException}s made here; nothing else chooses a code.
 */
public enum RpcError {
  /** The request text is not JSON. */
  PARSE_ERROR(-32700, "parse error"),
  /** JSON that is not a request object, an empty or oversized batch. */
  INVALID_REQUEST(-32600, "invalid request"),
  /** Also used, as geth does, for subscriptions over a transport without notifications. */
  METHOD_NOT_FOUND(-32601, "the method does not exist/is not available"),
  INVALID_PARAMS(-32602, "invalid argument"),
  /** A fault of the server itself; the message says what failed. */
  INTERNAL_ERROR(-32603, "internal error"),
  /**
   * geth's code for every refusal without a code of its own: "header not found", "nonce too low".
   */
  SERVER_ERROR(-32000, "server error"),
  /** A method that changes the node called without the node's bearer token. */
  UNAUTHORIZED(-32000, "unauthorized"),
  /** The node did not answer within the configured timeout. */
  TIMEOUT(-32002, "request timed out"),
  /** The answer is longer than the response size limit (geth's code). */
  RESPONSE_TOO_LARGE(-32003, "response too large"),
  /**
   * A request over one of the node's caps: too many logs, filters or subscriptions (EIP-1474's
   * "limit exceeded").
   */
  LIMIT_EXCEEDED(-32005, "limit exceeded"),
  /**
   * An {@code eth_call} or {@code eth_estimateGas} whose execution reverted; data is the output.
   */
  EXECUTION_REVERTED(3, "execution reverted");

  private final int code;
  private final String defaultMessage;

  RpcError(final int code, final String defaultMessage) {
    this.code = code;
    this.defaultMessage = defaultMessage;
  }

  public int code() {
    return code;
  }

  public String defaultMessage() {
    return defaultMessage;
  }

  /** This error with its default message. */
  public RpcException exception() {
    return new RpcException(this, defaultMessage, null);
  }

  public RpcException exception(final String message) {
    return new RpcException(this, message, null);
  }

  public RpcException exception(final String message, final @Nullable Bytes data) {
    return new RpcException(this, message, data);
  }

  /** -32601 for a method name, in geth's words. */
  public static RpcException methodNotFound(final String method) {
    return METHOD_NOT_FOUND.exception("the method " + method + " does not exist/is not available");
  }

  /** -32602 for the argument at {@code index}, in geth's words. */
  public static RpcException invalidArgument(final int index, final String reason) {
    return INVALID_PARAMS.exception("invalid argument " + index + ": " + reason);
  }

  /**
   * -32000 for a transaction the node refuses, in geth's words, which ethers, web3j and Hardhat
   * match on: the reason's text, then what was found.
   */
  public static RpcException transactionRefused(
      final TransactionException.Reason reason, final String detail) {
    return SERVER_ERROR.exception(inGethWords(reason, detail));
  }

  /** geth's text for {@code reason}, followed by the detail when there is one. */
  public static String inGethWords(final TransactionException.Reason reason, final String detail) {
    final String text = gethText(reason);
    return detail.isEmpty() ? text : text + ": " + detail;
  }

  /** The one table of geth's texts for refused transactions (core/txpool and core/error.go). */
  private static String gethText(final TransactionException.Reason reason) {
    return switch (reason) {
      case MALFORMED -> "rlp";
      case UNSUPPORTED_TYPE -> "transaction type not supported";
      case BLOB_NOT_SUPPORTED -> "blob transactions are not supported";
      case INVALID_SIGNATURE -> "invalid sender";
      case WRONG_CHAIN_ID -> "invalid sender: invalid chain id for signer";
      case NONCE_MAX -> "nonce has max value";
      // geth finds an overflowing gas * price when it compares the cost with the balance.
      case FEE_OVERFLOW, INSUFFICIENT_FUNDS -> "insufficient funds for gas * price + value";
      case PRIORITY_FEE_ABOVE_MAX_FEE -> "max priority fee per gas higher than max fee per gas";
      case INTRINSIC_GAS_TOO_LOW -> "intrinsic gas too low";
      case INIT_CODE_TOO_LARGE -> "max initcode size exceeded";
      case BLOCK_GAS_LIMIT_REACHED -> "gas limit reached";
      case FEE_CAP_BELOW_BASE_FEE -> "max fee per gas less than block base fee";
      case NONCE_TOO_LOW -> "nonce too low";
      case NONCE_TOO_HIGH -> "nonce too high";
      case SENDER_NOT_EOA -> "sender not an eoa";
      case ALREADY_KNOWN -> "already known";
      case OVERSIZED -> "oversized data";
      case EXCEEDS_BLOCK_GAS_LIMIT -> "exceeds block gas limit";
      case UNDERPRICED -> "transaction underpriced";
      case REPLACEMENT_UNDERPRICED -> "replacement transaction underpriced";
      case SENDER_LIMIT -> "account limit exceeded";
      case POOL_FULL -> "txpool is full";
      case UNPROTECTED -> "only replay-protected (EIP-155) transactions allowed over RPC";
    };
  }
}
