package io.amchain.api.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.amchain.api.rpc.eth.EthMethods;
import io.amchain.ledger.block.Block;
import io.amchain.ledger.rlp.Rlp;
import io.amchain.ledger.rlp.RlpItem;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.tx.TransactionType;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.Keccak;
import io.amchain.ledger.types.UInt256;
import io.amchain.vm.Asm;
import io.amchain.vm.Opcode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A contract deployed through {@code eth_sendRawTransaction} and used through the RPC: calls,
 * reverts with and without a reason, gas estimates that are exact, logs by every filter form, and
 * polling filters. The contract is hand-assembled; it dispatches on a 4-byte selector: 1 get()
 * returns slot 0, 2 set(x) stores x and logs {@code Set(uint256)} with the caller as second topic,
 * 3 fails with {@code Error("nope")}, 4 reverts with no data, 5 hits INVALID.
 */
class ContractRpcTest extends RpcTestSupport {
  static final Hash SET_TOPIC = Keccak.hash("Set(uint256)".getBytes(StandardCharsets.US_ASCII));
  static final Bytes RUNTIME = runtime();

  static Address contract;
  static long deployBlock;
  static Block setBlock;
  static Transaction setTx;
  static long nonce;

  static Bytes runtime() {
    final Bytes errorSelector = Bytes.fromHex("0x08c379a0").concat(Bytes.wrap(new byte[28]));
    final Bytes nope =
        Bytes.of("nope".getBytes(StandardCharsets.US_ASCII)).concat(Bytes.wrap(new byte[28]));
    final Asm asm = new Asm().push(0).op(Opcode.CALLDATALOAD).push(0xe0).op(Opcode.SHR);
    final String[] functions = {"get", "set", "fail", "bare", "burn"};
    for (int i = 0; i < functions.length; i++) {
      asm.dup(1).push(i + 1).op(Opcode.EQ).pushLabel(functions[i]).op(Opcode.JUMPI);
    }
    asm.op(Opcode.STOP);
    asm.label("get")
        .push(0)
        .op(Opcode.SLOAD)
        .push(0)
        .op(Opcode.MSTORE)
        .push(32)
        .push(0)
        .op(Opcode.RETURN);
    asm.label("set").push(4).op(Opcode.CALLDATALOAD).dup(1).push(0).op(Opcode.SSTORE);
    asm.push(0).op(Opcode.MSTORE).op(Opcode.CALLER).push(SET_TOPIC.bytes()).push(32).push(0);
    asm.log(2).op(Opcode.STOP);
    asm.label("fail").push(errorSelector).push(0).op(Opcode.MSTORE);
    asm.push(0x20).push(4).op(Opcode.MSTORE).push(4).push(0x24).op(Opcode.MSTORE);
    asm.push(nope).push(0x44).op(Opcode.MSTORE).push(100).push(0).op(Opcode.REVERT);
    asm.label("bare").push(0).push(0).op(Opcode.REVERT);
    asm.label("burn").op(Opcode.INVALID);
    return asm.build();
  }

  static String selector(final int function) {
    return "0x0000000" + function;
  }

  static String setInput(final long value) {
    return selector(2) + UInt256.of(value).toBytes32().toHex().substring(2);
  }

  static Transaction setTransaction(final long value) {
    return Transaction.builder(TransactionType.DYNAMIC_FEE)
        .chainId(InstamineNode.CHAIN_ID)
        .nonce(nonce++)
        .maxFeePerGas(UInt256.of(10_000_000_000L))
        .maxPriorityFeePerGas(UInt256.of(1_000_000_000L))
        .gasLimit(100_000)
        .to(contract)
        .data(Bytes.fromHex(setInput(value)))
        .sign(InstamineNode.USER);
  }

  @BeforeAll
  static void deployAndSet() {
    final Transaction deployment = deploy(InstamineNode.USER, nonce++, Asm.deployment(RUNTIME));
    result("eth_sendRawTransaction", deployment.encoded().toHex());
    final JsonNode receipt = result("eth_getTransactionReceipt", deployment.hash().toHex());
    assertEquals("0x1", receipt.get("status").asText(), receipt::toString);
    contract = Address.fromHex(receipt.get("contractAddress").asText());
    deployBlock = quantity(receipt.get("blockNumber"));
    setTx = setTransaction(42);
    result("eth_sendRawTransaction", setTx.encoded().toHex());
    setBlock = node.head();
  }

  private static Map<String, Object> call(final String input) {
    return Map.of("from", InstamineNode.user().toHex(), "to", contract.toHex(), "input", input);
  }

  @Test
  void aDeploymentHasAReceiptWithItsAddress() {
    final Bytes rlp =
        Rlp.encode(RlpItem.list(RlpItem.of(InstamineNode.user()), RlpItem.of(Bytes.EMPTY)));
    assertEquals(Address.of(Keccak.hash(rlp).bytes().slice(12)), contract);
    assertEquals(RUNTIME.toHex(), result("eth_getCode", contract.toHex(), "latest").asText());
    assertEquals("0x", result("eth_getCode", contract.toHex(), "earliest").asText());
  }

  @Test
  void callsReadTheStateOfTheBlockAsked() {
    assertEquals(
        UInt256.of(42).toBytes32().toHex(),
        result("eth_call", call(selector(1)), "latest").asText());
    assertEquals(
        UInt256.ZERO.toBytes32().toHex(),
        result("eth_call", call(selector(1)), "0x" + Long.toHexString(deployBlock)).asText());
    assertEquals(
        UInt256.of(42).toBytes32().toHex(),
        result("eth_call", Map.of("to", contract.toHex(), "data", selector(1))).asText());
    assertEquals(
        UInt256.of(42).toBytes32().toHex(),
        result("eth_getStorageAt", contract.toHex(), "0x0", "latest").asText());
  }

  @Test
  void gasOfTwoToTheSixtyThreeAndAboveIsCappedNotNegative() {
    for (final String gas : List.of("0x8000000000000000", "0xffffffffffffffff")) {
      final Map<String, Object> args = new HashMap<>(call(selector(1)));
      args.put("gas", gas);
      assertEquals(
          UInt256.of(42).toBytes32().toHex(), result("eth_call", args, "latest").asText(), gas);
      assertTrue(result("eth_estimateGas", args).asText().startsWith("0x"), gas);
    }
  }

  @Test
  void aRevertIsCodeThreeWithTheReasonAndData() {
    final JsonNode reason = error("eth_call", call(selector(3)), "latest");
    assertEquals(3, reason.get("code").asInt());
    assertEquals("execution reverted: nope", reason.get("message").asText());
    assertEquals(
        "0x08c379a0"
            + UInt256.of(32).toBytes32().toHex().substring(2)
            + UInt256.of(4).toBytes32().toHex().substring(2)
            + "6e6f7065"
            + "00".repeat(28),
        reason.get("data").asText());
    final JsonNode bare = error("eth_call", call(selector(4)), "latest");
    assertEquals(
        "{\"code\":3,\"message\":\"execution reverted\",\"data\":\"0x\"}", Json.write(bare));
    final JsonNode invalid = error("eth_call", call(selector(5)), "latest");
    assertEquals(-32000, invalid.get("code").asInt());
    assertEquals("invalid opcode", invalid.get("message").asText());
    final JsonNode estimate = error("eth_estimateGas", call(selector(3)));
    assertEquals(3, estimate.get("code").asInt());
    assertEquals("execution reverted: nope", estimate.get("message").asText());
  }

  @Test
  void aCallTheSenderCannotPayForFails() {
    final JsonNode poor =
        error(
            "eth_call",
            Map.of(
                "from",
                "0x00000000000000000000000000000000000000cc",
                "to",
                contract.toHex(),
                "input",
                selector(1),
                "gasPrice",
                "0x1"),
            "latest");
    assertEquals(-32000, poor.get("code").asInt());
    assertTrue(
        poor.get("message").asText().startsWith("err: insufficient funds for gas * price + value"),
        poor::toString);
  }

  @Test
  void estimatesAreTheLeastGasThatSucceeds() {
    final Map<String, Object> set = call(setInput(7));
    final long estimate = quantity(result("eth_estimateGas", set));
    assertTrue(estimate > 21_000 + 5_000, () -> "estimate " + estimate);
    final Map<String, Object> enough = new java.util.HashMap<>(set);
    enough.put("gas", "0x" + Long.toHexString(estimate));
    assertEquals("0x", result("eth_call", enough, "latest").asText());
    final Map<String, Object> short1 = new java.util.HashMap<>(set);
    short1.put("gas", "0x" + Long.toHexString(estimate - 1));
    assertEquals(-32000, error("eth_call", short1, "latest").get("code").asInt());
    assertEquals(
        "0x5208",
        result(
                "eth_estimateGas",
                Map.of(
                    "from", InstamineNode.user().toHex(),
                    "to", "0x00000000000000000000000000000000000000dd",
                    "value", "0x1"))
            .asText());
  }

  @Test
  void logsByAddressTopicsAndBlock() {
    final String number = "0x" + Long.toHexString(setBlock.number());
    final String expected =
        "[{\"address\":\""
            + contract.toHex()
            + "\",\"topics\":[\""
            + SET_TOPIC.toHex()
            + "\",\"0x"
            + "00".repeat(12)
            + InstamineNode.user().toHex().substring(2)
            + "\"],\"data\":\""
            + UInt256.of(42).toBytes32().toHex()
            + "\",\"blockNumber\":\""
            + number
            + "\",\"transactionHash\":\""
            + setTx.hash().toHex()
            + "\",\"transactionIndex\":\"0x0\",\"blockHash\":\""
            + setBlock.hash().toHex()
            + "\",\"logIndex\":\"0x0\",\"removed\":false}]";
    final String callerTopic = "0x" + "00".repeat(12) + InstamineNode.user().toHex().substring(2);
    final String other = "0x" + "77".repeat(32);
    assertEquals(
        expected,
        Json.write(
            logs(Map.of("fromBlock", "0x0", "toBlock", number, "address", contract.toHex()))));
    assertEquals(expected, Json.write(logs(Map.of("blockHash", setBlock.hash().toHex()))));
    assertEquals(expected, Json.write(logs(range(number, List.of(SET_TOPIC.toHex())))));
    assertEquals(
        expected, Json.write(logs(range(number, List.of(List.of(other, SET_TOPIC.toHex()))))));
    final List<Object> wildcardFirst = new java.util.ArrayList<>();
    wildcardFirst.add(null);
    wildcardFirst.add(callerTopic);
    assertEquals(expected, Json.write(logs(range(number, wildcardFirst))));
    assertEquals("[]", Json.write(logs(range(number, List.of(other)))));
    assertEquals(
        "[]",
        Json.write(
            logs(
                Map.of(
                    "fromBlock",
                    "0x0",
                    "toBlock",
                    number,
                    "address",
                    List.of("0x" + "11".repeat(20))))));
    assertEquals(
        "[]", Json.write(logs(range(number, List.of(SET_TOPIC.toHex(), callerTopic, other)))));
    assertEquals(
        "invalid block range params",
        error("eth_getLogs", Map.of("fromBlock", number, "toBlock", "0x0"))
            .get("message")
            .asText());
    assertEquals(
        "invalid argument 0: exceed max topics",
        error("eth_getLogs", range(number, List.of(other, other, other, other, other)))
            .get("message")
            .asText());
    assertEquals(
        "unknown block",
        error("eth_getLogs", Map.of("blockHash", "0x" + "ab".repeat(32))).get("message").asText());
  }

  private static Map<String, Object> range(final String to, final List<?> topics) {
    return Map.of("fromBlock", "0x0", "toBlock", to, "topics", topics);
  }

  private static JsonNode logs(final Map<String, Object> filter) {
    return result("eth_getLogs", filter);
  }

  @Test
  void filterIdsAreQuantitiesFoundAgainWithOrWithoutLeadingZeros() {
    for (int i = 0; i < 64; i++) {
      final String id = result("eth_newBlockFilter").asText();
      assertTrue(id.matches("0x[1-9a-f][0-9a-f]{0,31}"), id);
      // web3j keeps the id as a number; another client may pad it back to 32 digits.
      final String padded = "0x" + "0".repeat(32 - (id.length() - 2)) + id.substring(2);
      assertEquals(
          "[]",
          Json.write(
              result(
                  "eth_getFilterChanges",
                  padded.toUpperCase(java.util.Locale.ROOT).replace("0X", "0x"))));
      assertTrue(result("eth_uninstallFilter", padded).asBoolean());
    }
  }

  @Test
  void pollingFiltersCollectWhatArrives() {
    final String logFilter = result("eth_newFilter", Map.of("address", contract.toHex())).asText();
    final String blockFilter = result("eth_newBlockFilter").asText();
    final String txFilter = result("eth_newPendingTransactionFilter").asText();
    assertTrue(logFilter.matches("0x[1-9a-f][0-9a-f]{0,31}"), logFilter);
    assertEquals("[]", Json.write(result("eth_getFilterChanges", logFilter)));

    final Transaction again = setTransaction(42);
    result("eth_sendRawTransaction", again.encoded().toHex());
    final Block sealed = node.head();

    final JsonNode logs = result("eth_getFilterChanges", logFilter);
    assertEquals(1, logs.size());
    assertEquals(again.hash().toHex(), logs.get(0).get("transactionHash").asText());
    assertEquals(
        "[\"" + sealed.hash().toHex() + "\"]",
        Json.write(result("eth_getFilterChanges", blockFilter)));
    assertEquals(
        "[\"" + again.hash().toHex() + "\"]", Json.write(result("eth_getFilterChanges", txFilter)));
    assertEquals("[]", Json.write(result("eth_getFilterChanges", blockFilter)));
    assertEquals(1, result("eth_getFilterLogs", logFilter).size());
    assertEquals(
        "filter not found", error("eth_getFilterLogs", blockFilter).get("message").asText());
    for (final String id : List.of(logFilter, blockFilter, txFilter)) {
      assertTrue(result("eth_uninstallFilter", id).asBoolean());
      assertFalse(result("eth_uninstallFilter", id).asBoolean());
    }
    final JsonNode gone = error("eth_getFilterChanges", logFilter);
    assertEquals(-32000, gone.get("code").asInt());
    assertEquals("filter not found", gone.get("message").asText());
  }

  /** A clock the test moves by hand. */
  private static final class ManualClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(final java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void filtersExpireWhenNotPolledForFiveMinutes() throws Exception {
    final ManualClock clock = new ManualClock();
    try (EthMethods eth = new EthMethods(node, RpcConfig.defaults(), clock)) {
      final MethodRegistry.Builder builder = MethodRegistry.builder();
      eth.register(builder);
      final JsonRpcProcessor processor =
          new JsonRpcProcessor(builder.build(), Runnable::run, Duration.ofSeconds(5), 10);
      final String id = Json.parse(rpc(processor, "eth_newBlockFilter", "")).get("result").asText();
      clock.now = clock.now.plus(Duration.ofMinutes(4));
      assertTrue(
          Json.parse(rpc(processor, "eth_getFilterChanges", "\"" + id + "\"")).has("result"));
      clock.now = clock.now.plus(Duration.ofMinutes(4));
      assertTrue(
          Json.parse(rpc(processor, "eth_getFilterChanges", "\"" + id + "\"")).has("result"));
      clock.now = clock.now.plus(Duration.ofMinutes(5).plusSeconds(1));
      assertEquals(
          "filter not found",
          Json.parse(rpc(processor, "eth_getFilterChanges", "\"" + id + "\""))
              .get("error")
              .get("message")
              .asText());
    }
  }

  private static String rpc(
      final JsonRpcProcessor processor, final String method, final String params) throws Exception {
    return processor
        .handle(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\""
                + method
                + "\",\"params\":["
                + params
                + "]}",
            new RpcContext(false, null))
        .toCompletableFuture()
        .get(5, TimeUnit.SECONDS)
        .orElseThrow();
  }

  static Block requireBlock(final long number) {
    return Objects.requireNonNull(
        node.chainStore().block(Objects.requireNonNull(node.chainStore().canonicalHash(number))));
  }
}
