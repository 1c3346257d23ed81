package io.amchain.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.genesis.ForkSchedule;
import io.amchain.ledger.state.TrieWorldState;
import io.amchain.ledger.state.WorldState;
import io.amchain.ledger.trie.InMemoryNodeStore;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.tx.TransactionType;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Fork;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import io.amchain.vm.trace.CallTracer;
import io.amchain.vm.trace.PrestateTracer;
import io.amchain.vm.trace.StructLogger;
import io.amchain.vm.trace.TraceResult;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * geth's tracers on a hand-made call tree: A stores, logs, calls B with value (B logs and returns
 * 42), delegates to C (which stores in A's storage), calls R (which logs and reverts with
 * Error("no")), CREATE2s a contract and calls D, which self-destructs to E. The expected values are
 * worked out from geth's tracer code and the gas schedule, not read back from our output.
 */
class TracersTest {
  private static final long CHAIN_ID = 1337;
  private static final UInt256 BASE_FEE = UInt256.of(7);
  private static final PrivateKey ALICE =
      PrivateKey.fromHex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
  private static final Address A = Address.fromHex("0x00000000000000000000000000000000000000aa");
  private static final Address B = Address.fromHex("0x00000000000000000000000000000000000000bb");
  private static final Address C = Address.fromHex("0x00000000000000000000000000000000000000cc");
  private static final Address R = Address.fromHex("0x00000000000000000000000000000000000000dd");
  private static final Address D = Address.fromHex("0x00000000000000000000000000000000000000d0");
  private static final Address E = Address.fromHex("0x00000000000000000000000000000000000000e0");
  private static final Address COINBASE =
      Address.fromHex("0x00000000000000000000000000000000000c0171");
  private static final Bytes CHILD_INIT = Asm.deployment(Bytes.fromHex("0x00"));
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static Asm call(final Asm asm, final Opcode op, final Address to, final long value) {
    asm.push(0).push(0).push(0).push(0);
    if (op == Opcode.CALL) {
      asm.push(value);
    }
    return asm.push(to.bytes()).op(Opcode.GAS).op(op).op(Opcode.POP);
  }

  private static Bytes contractA() {
    final Asm a = new Asm().push(1).push(0).op(Opcode.SSTORE);
    a.push(0xaa).push(32).push(0).log(1);
    a.push(32).push(0).push(0).push(0).push(1).push(B.bytes()).push(10_000);
    a.op(Opcode.CALL).op(Opcode.POP);
    call(a, Opcode.DELEGATECALL, C, 0);
    call(a, Opcode.CALL, R, 0);
    final byte[] padded = new byte[32];
    System.arraycopy(CHILD_INIT.toArray(), 0, padded, 0, CHILD_INIT.size());
    a.push(Bytes.wrap(padded)).push(0).op(Opcode.MSTORE);
    a.push(5).push(CHILD_INIT.size()).push(0).push(0).op(Opcode.CREATE2).op(Opcode.POP);
    call(a, Opcode.CALL, D, 0);
    return a.op(Opcode.STOP).build();
  }

  private static Bytes contractB() {
    return new Asm()
        .push(0)
        .push(0)
        .log(0)
        .push(42)
        .push(0)
        .op(Opcode.MSTORE)
        .push(32)
        .push(0)
        .op(Opcode.RETURN)
        .build();
  }

  /** Logs, then reverts with Error("no"). */
  private static Bytes contractR() {
    final byte[] selector = new byte[32];
    selector[0] = 0x08;
    selector[1] = (byte) 0xc3;
    selector[2] = 0x79;
    selector[3] = (byte) 0xa0;
    final byte[] text = new byte[32];
    text[0] = 'n';
    text[1] = 'o';
    return new Asm()
        .push(0)
        .push(0)
        .log(0)
        .push(Bytes.wrap(selector))
        .push(0)
        .op(Opcode.MSTORE)
        .push(0x20)
        .push(4)
        .op(Opcode.MSTORE)
        .push(2)
        .push(36)
        .op(Opcode.MSTORE)
        .push(Bytes.wrap(text))
        .push(68)
        .op(Opcode.MSTORE)
        .push(100)
        .push(0)
        .op(Opcode.REVERT)
        .build();
  }

  private final InMemoryNodeStore store;
  private final Hash root;

  TracersTest() {
    store = new InMemoryNodeStore();
    final WorldState genesis = TrieWorldState.empty(store);
    genesis.setBalance(ALICE.publicKey().address(), UInt256.of(1_000_000_000_000_000_000L));
    genesis.setCode(A, contractA());
    genesis.setBalance(A, UInt256.of(100));
    genesis.setCode(B, contractB());
    genesis.setCode(C, new Asm().push(7).push(1).op(Opcode.SSTORE).op(Opcode.STOP).build());
    genesis.setCode(R, contractR());
    genesis.setCode(D, new Asm().push(E.bytes()).op(Opcode.SELFDESTRUCT).build());
    genesis.setBalance(D, UInt256.of(5));
    root = genesis.commit();
  }

  private JsonNode trace(final Address to, final TraceResult tracer) {
    return trace(root, to, tracer);
  }

  private JsonNode trace(final Hash root, final Address to, final TraceResult tracer) {
    final TransactionResult result = run(TrieWorldState.at(store, root), to, tracer);
    assertTrue(result.success(), "the tree runs to its end: " + result.halt());
    return MAPPER.valueToTree(tracer.result());
  }

  /** Alice's call of {@code to} in block 1, run on {@code state} with {@code tracer} or none. */
  private static TransactionResult run(
      final WorldState state, final Address to, final @Nullable Tracer tracer) {
    final Transaction tx =
        Transaction.builder(TransactionType.DYNAMIC_FEE)
            .chainId(CHAIN_ID)
            .nonce(0)
            .maxPriorityFeePerGas(UInt256.ONE)
            .maxFeePerGas(UInt256.of(10))
            .gasLimit(1_000_000)
            .to(to)
            .sign(ALICE);
    final BlockHeader header =
        BlockHeader.builder().number(1).timestamp(1).gasLimit(30_000_000).baseFee(BASE_FEE).build();
    return StateTransition.apply(
        state,
        BlockEnvironment.of(header, COINBASE, CHAIN_ID, n -> Hash.ZERO),
        ForkSchedule.CANCUN_FROM_GENESIS.rulesOf(header),
        tx,
        tracer);
  }

  /** The state root and result of the tree's transaction, run with {@code tracer} or none. */
  private List<Object> outcome(final @Nullable Tracer tracer) {
    final WorldState state = TrieWorldState.at(store, root);
    final TransactionResult result = run(state, A, tracer);
    return List.of(result, state.rootHash());
  }

  @Test
  void tracingChangesNothingInTheRun() {
    final List<Object> untraced = outcome(null);
    assertEquals(
        untraced, outcome(new StructLogger(new StructLogger.Config(false, false, true, true))));
    assertEquals(untraced, outcome(new CallTracer(false, true, 0)));
    assertEquals(
        untraced,
        outcome(new PrestateTracer(new PrestateTracer.Config(true, false, false, false), CANCUN)));
  }

  private static List<String> types(final JsonNode calls) {
    final List<String> types = new ArrayList<>();
    calls.forEach(call -> types.add(call.get("type").asText()));
    return types;
  }

  @Test
  void theCallTracerNestsEveryFrameWithGethsFields() {
    final JsonNode top = trace(A, new CallTracer(false, false, 0));
    assertEquals("CALL", top.get("type").asText());
    assertEquals(ALICE.publicKey().address().toHex(), top.get("from").asText());
    assertEquals("0xf4240", top.get("gas").asText(), "the top frame has the tx's gas limit");
    assertEquals("0x0", top.get("value").asText());
    assertEquals("0x", top.get("input").asText());
    assertFalse(top.has("output"), "an empty output is left out");
    assertFalse(top.has("logs"), "no logs without withLog");
    final JsonNode calls = top.get("calls");
    assertEquals(List.of("CALL", "DELEGATECALL", "CALL", "CREATE2", "CALL"), types(calls));

    final JsonNode toB = calls.get(0);
    assertEquals(A.toHex(), toB.get("from").asText());
    assertEquals(B.toHex(), toB.get("to").asText());
    assertEquals("0x1", toB.get("value").asText());
    assertEquals("0x300c", toB.get("gas").asText(), "10000 asked plus the 2300 stipend");
    assertEquals(
        "0x000000000000000000000000000000000000000000000000000000000000002a",
        toB.get("output").asText());
    assertFalse(toB.has("calls"));

    final JsonNode delegate = calls.get(1);
    assertEquals(A.toHex(), delegate.get("from").asText(), "the delegating contract");
    assertEquals(C.toHex(), delegate.get("to").asText());
    assertEquals("0x0", delegate.get("value").asText(), "the caller's value");

    final JsonNode reverted = calls.get(2);
    assertEquals("execution reverted", reverted.get("error").asText());
    assertEquals("no", reverted.get("revertReason").asText());
    assertTrue(reverted.get("output").asText().startsWith("0x08c379a0"));

    final JsonNode created = calls.get(3);
    assertEquals(
        Calls.create2Address(A, Word.of(5), CHILD_INIT).toHex(), created.get("to").asText());
    assertEquals(CHILD_INIT.toHex(), created.get("input").asText());
    assertEquals("0x00", created.get("output").asText(), "a creation outputs its deployed code");

    final JsonNode selfDestruct = calls.get(4).get("calls").get(0);
    assertEquals("SELFDESTRUCT", selfDestruct.get("type").asText());
    assertEquals(D.toHex(), selfDestruct.get("from").asText());
    assertEquals(E.toHex(), selfDestruct.get("to").asText());
    assertEquals("0x5", selfDestruct.get("value").asText());
    assertEquals("0x0", selfDestruct.get("gas").asText());
    assertEquals("0x", selfDestruct.get("input").asText());

    final List<String> order = new ArrayList<>();
    top.fieldNames().forEachRemaining(order::add);
    assertEquals(List.of("from", "gas", "gasUsed", "to", "input", "calls", "value", "type"), order);
  }

  @Test
  void withLogPlacesLogsAmongCallsAndDropsThoseOfAFailedFrame() {
    final JsonNode top = trace(A, new CallTracer(false, true, 3));
    final JsonNode logs = top.get("logs");
    assertEquals(1, logs.size());
    final JsonNode log = logs.get(0);
    assertEquals(A.toHex(), log.get("address").asText());
    assertEquals(
        "0x00000000000000000000000000000000000000000000000000000000000000aa",
        log.get("topics").get(0).asText());
    assertEquals("0x3", log.get("index").asText(), "indexes count the block's earlier logs");
    assertEquals("0x0", log.get("position").asText(), "before the first call");
    final JsonNode toB = top.get("calls").get(0);
    assertEquals("0x4", toB.get("logs").get(0).get("index").asText());
    assertFalse(top.get("calls").get(2).has("logs"), "a reverted frame's logs are gone");
  }

  @Test
  void onlyTopCallKeepsTheTransactionsFrameAlone() {
    final JsonNode top = trace(A, new CallTracer(true, true, 0));
    assertFalse(top.has("calls"));
    assertEquals(1, top.get("logs").size());
  }

  @Test
  void thePrestateTracerReportsTouchedAccountsAsTheyWere() {
    final JsonNode pre =
        trace(A, new PrestateTracer(new PrestateTracer.Config(false, false, false, false), CANCUN));
    final List<String> accounts = new ArrayList<>();
    pre.fieldNames().forEachRemaining(accounts::add);
    // Sorted as Go sorts a map's keys; empty accounts (coinbase, E, the new contract) left out.
    final List<String> expected =
        new ArrayList<>(
            List.of(
                A.toHex(),
                B.toHex(),
                C.toHex(),
                R.toHex(),
                D.toHex(),
                ALICE.publicKey().address().toHex()));
    expected.sort(null);
    assertEquals(expected, accounts);
    final JsonNode a = pre.get(A.toHex());
    assertEquals("0x64", a.get("balance").asText());
    assertFalse(a.has("nonce"), "a zero nonce is left out");
    assertEquals(contractA().toHex(), a.get("code").asText());
    assertEquals(
        "0x0000000000000000000000000000000000000000000000000000000000000000",
        a.get("storage")
            .get("0x0000000000000000000000000000000000000000000000000000000000000001")
            .asText(),
        "the slot C stored in through the DELEGATECALL, as it was");
    assertEquals(2, a.get("storage").size());
  }

  @Test
  void diffModeShowsWhatChangedBeforeAndAfter() {
    final JsonNode diff =
        trace(A, new PrestateTracer(new PrestateTracer.Config(true, false, false, false), CANCUN));
    final JsonNode post = diff.get("post");
    final JsonNode pre = diff.get("pre");
    assertEquals(
        "0x0000000000000000000000000000000000000000000000000000000000000007",
        post.get(A.toHex())
            .get("storage")
            .get("0x0000000000000000000000000000000000000000000000000000000000000001")
            .asText());
    assertFalse(pre.get(A.toHex()).has("storage"), "slots that were zero are not in pre");
    assertEquals("0x5", pre.get(D.toHex()).get("balance").asText());
    assertEquals("0x0", post.get(D.toHex()).get("balance").asText());
    assertEquals("0x5", post.get(E.toHex()).get("balance").asText());
    assertFalse(pre.has(E.toHex()), "E was empty before");
    final String child = Calls.create2Address(A, Word.of(5), CHILD_INIT).toHex();
    assertEquals("0x00", post.get(child).get("code").asText());
    assertEquals(1, post.get(child).get("nonce").asInt());
    assertFalse(pre.has(C.toHex()), "C's own account did not change");
    assertEquals(1, post.get(ALICE.publicKey().address().toHex()).get("nonce").asInt());
    assertThrows(
        IllegalArgumentException.class, () -> new PrestateTracer.Config(true, false, false, true));
  }

  @Test
  void theStructLoggerMatchesAFixtureWorkedOutFromTheGasSchedule() throws Exception {
    // PUSH1 1 PUSH1 0 SSTORE PUSH1 0 SLOAD STOP, run with 1,000,000 gas: 979,000 after intrinsic.
    final Address simple = Address.fromHex("0x0000000000000000000000000000000000005109");
    final WorldState state = TrieWorldState.at(store, root);
    state.setCode(simple, Bytes.fromHex("0x600160005560005400"));
    final Hash withSimple = state.commit();
    final JsonNode result =
        trace(withSimple, simple, new StructLogger(StructLogger.Config.DEFAULT));
    final String slot0 = "0x0000000000000000000000000000000000000000000000000000000000000000";
    final String one = "0x0000000000000000000000000000000000000000000000000000000000000001";
    final String expected =
        "{\"gas\":43209,\"failed\":false,\"returnValue\":\"0x\",\"structLogs\":["
            + "{\"pc\":0,\"op\":\"PUSH1\",\"gas\":979000,\"gasCost\":3,\"depth\":1,\"stack\":[]},"
            + "{\"pc\":2,\"op\":\"PUSH1\",\"gas\":978997,\"gasCost\":3,\"depth\":1,"
            + "\"stack\":[\"0x1\"]},"
            + "{\"pc\":4,\"op\":\"SSTORE\",\"gas\":978994,\"gasCost\":22100,\"depth\":1,"
            + "\"stack\":[\"0x1\",\"0x0\"],\"storage\":{\""
            + slot0
            + "\":\""
            + one
            + "\"}},"
            + "{\"pc\":5,\"op\":\"PUSH1\",\"gas\":956894,\"gasCost\":3,\"depth\":1,\"stack\":[]},"
            + "{\"pc\":7,\"op\":\"SLOAD\",\"gas\":956891,\"gasCost\":100,\"depth\":1,"
            + "\"stack\":[\"0x0\"],\"storage\":{\""
            + slot0
            + "\":\""
            + one
            + "\"}},"
            + "{\"pc\":8,\"op\":\"STOP\",\"gas\":956791,\"gasCost\":0,\"depth\":1,"
            + "\"stack\":[\"0x1\"]}]}";
    assertEquals(expected, MAPPER.writeValueAsString(result));
  }

  @Test
  void theStructLoggerChargesACallAsGethDoes() {
    final JsonNode result =
        trace(A, new StructLogger(new StructLogger.Config(true, true, true, true)));
    final JsonNode logs = result.get("structLogs");
    int at = 0;
    while (!logs.get(at).get("op").asText().equals("CALL")) {
      at++;
    }
    final JsonNode call = logs.get(at);
    // Cold B (2600) + value (9000) + the 10000 handed over; memory is already 32 bytes.
    assertEquals(21_600, call.get("gasCost").asLong());
    assertFalse(call.has("stack"), "disableStack");
    assertEquals(1, call.get("memory").size(), "enableMemory: one 32-byte word");
    final JsonNode firstInB = logs.get(at + 1);
    assertEquals(2, firstInB.get("depth").asInt());
    assertEquals(12_300, firstInB.get("gas").asLong(), "the callee starts with gas and stipend");
  }

  private static final Fork CANCUN = Fork.CANCUN;
}
