package io.amchain.api.rpc.eth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.UInt256;
import io.amchain.vm.RevertReason;
import org.junit.jupiter.api.Test;

/** Revert outputs decode as geth's abi.UnpackRevert decodes them. */
class RevertReasonRpcTest {

  @Test
  void errorStringsPanicsAndRawData() {
    final Bytes error =
        Bytes.fromHex("0x08c379a0")
            .concat(UInt256.of(32).toBytes32())
            .concat(UInt256.of(5).toBytes32())
            .concat(Bytes.fromHex("0x68656c6c6f" + "00".repeat(27)));
    assertEquals("execution reverted: hello", RevertReason.message(error));
    final Bytes panic = Bytes.fromHex("0x4e487b71").concat(UInt256.of(0x11).toBytes32());
    assertEquals(
        "execution reverted: arithmetic underflow or overflow", RevertReason.message(panic));
    final Bytes unknownPanic = Bytes.fromHex("0x4e487b71").concat(UInt256.of(0x99).toBytes32());
    assertEquals(
        "execution reverted: unknown panic code: 0x99", RevertReason.message(unknownPanic));
    assertEquals("execution reverted", RevertReason.message(Bytes.EMPTY));
    assertEquals("execution reverted", RevertReason.message(Bytes.fromHex("0xdeadbeef")));
    final Bytes truncated = error.slice(0, 40);
    assertEquals("execution reverted", RevertReason.message(truncated));
  }
}
