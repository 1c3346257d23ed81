package io.amchain.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.amchain.ledger.types.Bytes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Small programs with known results and gas, and the EIP-3155 trace. */
class CodeRunnerTest {

  @Test
  void addsAndReturnsAWord() {
    // PUSH1 1, PUSH1 2, ADD, PUSH1 0, MSTORE, PUSH1 32, PUSH1 0, RETURN
    final CodeRunner.Outcome outcome =
        CodeRunner.run(Bytes.fromHex("0x600160020160005260206000f3"), Bytes.EMPTY, 100_000, null);
    assertEquals(Halt.RETURN, outcome.halt());
    assertEquals(Word.of(3).toBytes(), outcome.output());
    assertEquals(3 + 3 + 3 + 3 + 6 + 3 + 3, outcome.gasUsed());
  }

  @Test
  void cancunOpcodesRun() {
    // PUSH0, PUSH1 42, PUSH1 1, TSTORE, PUSH1 1, TLOAD, PUSH0, MSTORE, MCOPY 32<-0 (len 32), RETURN
    // 32..64
    final String code = "5f602a60015d60015c5f52" + "6020" + "5f" + "6020" + "5e" + "60206020f3";
    final CodeRunner.Outcome outcome =
        CodeRunner.run(Bytes.fromHex(code), Bytes.EMPTY, 100_000, null);
    assertEquals(Halt.RETURN, outcome.halt());
    assertEquals(Word.of(42).toBytes(), outcome.output());
  }

  @Test
  void badJumpAndStackUnderflowHalt() {
    assertEquals(
        Halt.BAD_JUMP_DESTINATION,
        CodeRunner.run(Bytes.fromHex("0x600356"), Bytes.EMPTY, 1000, null).halt());
    assertEquals(
        Halt.STACK_UNDERFLOW,
        CodeRunner.run(Bytes.fromHex("0x01"), Bytes.EMPTY, 1000, null).halt());
    assertEquals(
        Halt.OUT_OF_GAS,
        CodeRunner.run(Bytes.fromHex("0x6001600101"), Bytes.EMPTY, 8, null).halt());
    assertEquals(
        Halt.INVALID_OPCODE, CodeRunner.run(Bytes.fromHex("0x0c"), Bytes.EMPTY, 1000, null).halt());
  }

  @Test
  void revertKeepsDataAndGas() {
    // PUSH1 0xee, PUSH0, MSTORE8, PUSH1 1, PUSH0, REVERT
    final CodeRunner.Outcome outcome =
        CodeRunner.run(Bytes.fromHex("0x60ee5f5360015ffd"), Bytes.EMPTY, 1000, null);
    assertEquals(Halt.REVERT, outcome.halt());
    assertEquals(Bytes.fromHex("0xee"), outcome.output());
    assertTrue(outcome.gasUsed() < 1000);
  }

  @Test
  void tracesOneJsonLinePerStep() {
    final List<String> lines = new ArrayList<>();
    CodeRunner.run(Bytes.fromHex("0x6001600201"), Bytes.EMPTY, 1000, lines::add);
    assertEquals(4, lines.size(), "three instructions and the implicit STOP past the code's end");
    assertEquals(
        "{\"pc\":4,\"op\":1,\"gas\":\"0x3e2\",\"gasCost\":\"0x3\",\"memSize\":0,"
            + "\"stack\":[\"0x1\",\"0x2\"],\"depth\":1,\"refund\":0,\"opName\":\"ADD\"}",
        lines.get(2));
    assertTrue(lines.get(3).endsWith("\"opName\":\"STOP\"}"), lines.get(3));
  }
}
