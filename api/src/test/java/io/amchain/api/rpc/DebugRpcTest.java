package io.amchain.api.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.tx.TransactionType;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.UInt256;
import io.amchain.vm.Asm;
import io.amchain.vm.Opcode;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code debug_trace*} methods over a node: a forwarder passes its value and input on to {@link
 * ContractRpcTest}'s contract, whose set(7) stores and logs; the traces are of the mined
 * transaction (its block run again on the parent's state) and of calls, with geth's errors.
 */
class DebugRpcTest extends RpcTestSupport {
  static Address target;
  static Address forwarder;
  static Transaction forwarded;
  static long nonce;

  @BeforeAll
  static void deployAndForward() {
    target = deployed(ContractRpcTest.RUNTIME);
    forwarder =
        deployed(
            new Asm()
                .op(Opcode.CALLDATASIZE)
                .push(0)
                .push(0)
                .op(Opcode.CALLDATACOPY)
                .push(0)
                .push(0)
                .op(Opcode.CALLDATASIZE)
                .push(0)
                .op(Opcode.CALLVALUE)
                .push(target.bytes())
                .op(Opcode.GAS)
                .op(Opcode.CALL)
                .op(Opcode.POP)
                .op(Opcode.STOP)
                .build());
    forwarded =
        Transaction.builder(TransactionType.DYNAMIC_FEE)
            .chainId(InstamineNode.CHAIN_ID)
            .nonce(nonce++)
            .maxFeePerGas(UInt256.of(10_000_000_000L))
            .maxPriorityFeePerGas(UInt256.of(1_000_000_000L))
            .gasLimit(200_000)
            .to(forwarder)
            .value(UInt256.of(3))
            .data(Bytes.fromHex(ContractRpcTest.setInput(7)))
            .sign(InstamineNode.USER);
    result("eth_sendRawTransaction", forwarded.encoded().toHex());
  }

  private static Address deployed(final Bytes runtime) {
    final Transaction deployment = deploy(InstamineNode.USER, nonce++, Asm.deployment(runtime));
    result("eth_sendRawTransaction", deployment.encoded().toHex());
    final JsonNode receipt = result("eth_getTransactionReceipt", deployment.hash().toHex());
    assertEquals("0x1", receipt.get("status").asText(), receipt::toString);
    return Address.fromHex(receipt.get("contractAddress").asText());
  }

  private static Map<String, Object> callTracer(final boolean withLog) {
    return Map.of("tracer", "callTracer", "tracerConfig", Map.of("withLog", withLog));
  }

  @Test
  void theCallTracerShowsTheInternalTransferAsANestedCallWithValue() {
    final JsonNode top =
        result("debug_traceTransaction", forwarded.hash().toHex(), callTracer(true));
    assertEquals("CALL", top.get("type").asText());
    assertEquals(forwarder.toHex(), top.get("to").asText());
    assertEquals("0x3", top.get("value").asText());
    final JsonNode receipt = result("eth_getTransactionReceipt", forwarded.hash().toHex());
    assertEquals(receipt.get("gasUsed").asText(), top.get("gasUsed").asText());
    final JsonNode inner = top.get("calls").get(0);
    assertEquals("CALL", inner.get("type").asText());
    assertEquals(forwarder.toHex(), inner.get("from").asText());
    assertEquals(target.toHex(), inner.get("to").asText());
    assertEquals("0x3", inner.get("value").asText());
    assertEquals(ContractRpcTest.setInput(7), inner.get("input").asText());
    final JsonNode log = inner.get("logs").get(0);
    assertEquals(receipt.get("logs").get(0).get("logIndex").asText(), log.get("index").asText());
    assertEquals("0x0", log.get("position").asText());
  }

  @Test
  void theStructLoggerIsTheDefault() {
    final JsonNode trace = result("debug_traceTransaction", forwarded.hash().toHex());
    final JsonNode receipt = result("eth_getTransactionReceipt", forwarded.hash().toHex());
    assertEquals(quantity(receipt.get("gasUsed")), trace.get("gas").asLong());
    assertFalse(trace.get("failed").asBoolean());
    assertEquals("0x", trace.get("returnValue").asText());
    final JsonNode first = trace.get("structLogs").get(0);
    assertEquals("CALLDATASIZE", first.get("op").asText());
    assertEquals(200_000 - 21_000 - intrinsicData(), first.get("gas").asLong());
    assertEquals(1, first.get("depth").asInt());
    boolean deeper = false;
    for (final JsonNode step : trace.get("structLogs")) {
      deeper |= step.get("depth").asInt() == 2;
      assertFalse(step.has("memory"), "memory only with enableMemory");
    }
    assertTrue(deeper, "the callee's steps are there, one deeper");
  }

  private static long intrinsicData() {
    long gas = 0;
    for (final byte b : Bytes.fromHex(ContractRpcTest.setInput(7)).toArray()) {
      gas += b == 0 ? 4 : 16;
    }
    return gas;
  }

  @Test
  void aBlockTracesAsGethsListOfTxHashAndResult() {
    final JsonNode receipt = result("eth_getTransactionReceipt", forwarded.hash().toHex());
    final JsonNode byNumber =
        result("debug_traceBlockByNumber", receipt.get("blockNumber").asText(), callTracer(false));
    assertEquals(1, byNumber.size());
    assertEquals(forwarded.hash().toHex(), byNumber.get(0).get("txHash").asText());
    assertEquals("0x3", byNumber.get(0).get("result").get("value").asText());
    final JsonNode byHash =
        result("debug_traceBlockByHash", receipt.get("blockHash").asText(), callTracer(false));
    assertEquals(byNumber, byHash);
  }

  @Test
  void aCallIsTracedWithItsRevertReason() {
    final JsonNode trace =
        result(
            "debug_traceCall",
            Map.of(
                "from",
                InstamineNode.user().toHex(),
                "to",
                target.toHex(),
                "input",
                ContractRpcTest.selector(3)),
            "latest",
            callTracer(false));
    assertEquals("execution reverted", trace.get("error").asText());
    assertEquals("nope", trace.get("revertReason").asText());
  }

  @Test
  void diffModeShowsTheStoredSlot() {
    final JsonNode diff =
        result(
            "debug_traceTransaction",
            forwarded.hash().toHex(),
            Map.of("tracer", "prestateTracer", "tracerConfig", Map.of("diffMode", true)));
    assertEquals(
        UInt256.of(7).toBytes32().toHex(),
        diff.get("post")
            .get(target.toHex())
            .get("storage")
            .get(UInt256.ZERO.toBytes32().toHex())
            .asText());
  }

  @Test
  void badRequestsGetGethsErrors() {
    final String unknown = "0x" + "ab".repeat(32);
    final JsonNode notFound = error("debug_traceTransaction", unknown);
    assertEquals(-32000, notFound.get("code").asInt());
    assertEquals("transaction not found", notFound.get("message").asText());
    final JsonNode tracer =
        error("debug_traceTransaction", forwarded.hash().toHex(), Map.of("tracer", "fourTracer"));
    assertEquals(-32000, tracer.get("code").asInt());
    assertTrue(tracer.get("message").asText().startsWith("tracer not found: fourTracer"));
    final JsonNode option =
        error("debug_traceTransaction", forwarded.hash().toHex(), Map.of("disableStack", "yes"));
    assertEquals(-32602, option.get("code").asInt());
    assertEquals(
        "invalid argument 1: json: cannot unmarshal string into Go struct field"
            + " TraceConfig.disableStack of type bool",
        option.get("message").asText());
    final JsonNode both =
        error(
            "debug_traceTransaction",
            forwarded.hash().toHex(),
            Map.of(
                "tracer",
                "prestateTracer",
                "tracerConfig",
                Map.of("diffMode", true, "includeEmpty", true)));
    assertEquals("cannot use diffMode with includeEmpty", both.get("message").asText());
    assertEquals(
        "genesis is not traceable",
        error("debug_traceBlockByNumber", "0x0").get("message").asText());
    assertEquals(
        "block #99999 not found",
        error("debug_traceBlockByNumber", "0x1869f").get("message").asText());
  }
}
