package io.amchain.api.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.amchain.api.ProposalRefusedException;
import io.amchain.api.TransactionRejectedException;
import io.amchain.ledger.tx.TransactionException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How the processor turns what methods do into responses: a refusal from the pool or of a Clique
 * vote is -32000 with its text, a bug is -32603, a node that does not answer in time is -32002.
 */
class RpcProcessorTest {
  private final JsonRpcProcessor processor =
      new JsonRpcProcessor(
          MethodRegistry.builder()
              .add(
                  "test_rejected",
                  MethodRegistry.Access.OPEN,
                  (params, context) ->
                      CompletableFuture.failedFuture(
                          new TransactionRejectedException(
                              TransactionException.Reason.ALREADY_KNOWN, "")))
              .add(
                  "test_nonce",
                  MethodRegistry.Access.OPEN,
                  (params, context) ->
                      CompletableFuture.failedFuture(
                          new TransactionRejectedException(
                              TransactionException.Reason.NONCE_TOO_LOW,
                              "next nonce 5, tx nonce 4")))
              .add(
                  "test_refused",
                  MethodRegistry.Access.OPEN,
                  (params, context) ->
                      CompletableFuture.failedFuture(
                          new ProposalRefusedException("the signer set follows the registry")))
              .read(
                  "test_bug",
                  (params, context) -> {
                    throw new IllegalStateException("boom");
                  })
              .add(
                  "test_silent",
                  MethodRegistry.Access.OPEN,
                  (params, context) -> new CompletableFuture<>())
              .build(),
          Runnable::run,
          Duration.ofMillis(100),
          5);

  private String error(final String method) throws Exception {
    final String response =
        processor
            .handle(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\"}",
                new RpcContext(false, null))
            .toCompletableFuture()
            .get(5, TimeUnit.SECONDS)
            .orElseThrow();
    return Json.write(Json.parse(response).get("error"));
  }

  @Test
  void failuresBecomeTheirCodes() throws Exception {
    assertEquals("{\"code\":-32000,\"message\":\"already known\"}", error("test_rejected"));
    assertEquals(
        "{\"code\":-32000,\"message\":\"nonce too low: next nonce 5, tx nonce 4\"}",
        error("test_nonce"));
    assertEquals(
        "{\"code\":-32000,\"message\":\"the signer set follows the registry\"}",
        error("test_refused"));
    final String bug = error("test_bug");
    assertTrue(
        bug.matches("\\{\"code\":-32603,\"message\":\"internal error \\(incident [0-9a-f]+\\)\"}"),
        bug);
    assertFalse(bug.contains("boom"), "the exception's text stays in the node's log");
    assertEquals("{\"code\":-32002,\"message\":\"request timed out\"}", error("test_silent"));
  }
}
