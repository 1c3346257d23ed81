package io.amchain.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.amchain.ledger.types.Bytes;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A cancelled call stops at its next jump, and code run without a flag is never stopped. */
class CancellationTest {
  /** JUMPDEST, PUSH1 0, JUMP: loops until the gas runs out. */
  private static final Bytes LOOP = Bytes.fromHex("0x5b600056");

  @Test
  void aLoopStopsAtTheNextJumpOnceCancelled() {
    final Cancellation cancellation = Cancellation.create();
    final int[] steps = {0};
    // The trace runs on the interpreter's thread: the flag is set mid-loop, after 3,000 steps.
    assertTimeoutPreemptively(
        Duration.ofMinutes(1),
        () ->
            assertThrows(
                Cancellation.CancelledException.class,
                () ->
                    cancellation.run(
                        () ->
                            CodeRunner.run(
                                LOOP,
                                Bytes.EMPTY,
                                Long.MAX_VALUE / 4,
                                line -> {
                                  if (++steps[0] == 3_000) {
                                    cancellation.cancel();
                                  }
                                }))));
    // At most one more loop iteration (JUMPDEST, PUSH1, JUMP) runs after the step that cancelled.
    assertTrue(steps[0] >= 3_000 && steps[0] <= 3_004, "steps: " + steps[0]);
  }

  @Test
  void aCallStartedAfterCancellingDoesNotRun() {
    final Cancellation cancellation = Cancellation.create();
    cancellation.cancel();
    assertThrows(
        Cancellation.CancelledException.class,
        () ->
            cancellation.run(
                () -> CodeRunner.run(Bytes.fromHex("0x00"), Bytes.EMPTY, 1_000, null)));
  }

  @Test
  void codeOutsideACancellableCallRunsToItsEnd() {
    Cancellation.NEVER.cancel();
    assertFalse(Cancellation.NEVER.isCancelled());
    assertSame(Cancellation.NEVER, Cancellation.current());
    assertEquals(Halt.OUT_OF_GAS, CodeRunner.run(LOOP, Bytes.EMPTY, 100_000, null).halt());
  }
}
