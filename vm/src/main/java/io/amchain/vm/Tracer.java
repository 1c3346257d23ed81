package io.amchain.vm;

import io.amchain.ledger.block.Log;
import io.amchain.ledger.state.WorldState;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.UInt256;
import org.jspecify.annotations.Nullable;

/**
 * What the EVM tells a tracer while it runs one transaction, in the order it happens: the
 * transaction starts, frames are entered and left (calls, creations, self-destructs), instructions
 * run, logs are emitted, the transaction ends. The hooks follow geth's {@code tracing.Hooks} so
 * that geth's tracers can be rebuilt on them; each does nothing unless a tracer overrides it.
 *
 * <p>Tracing costs nothing when no tracer is attached: the interpreter and the frame code test one
 * local for null and otherwise run as before (measured in {@code bench/}'s {@code EvmBenchmarks}).
 * State a tracer reads through {@link #onTxStart}'s {@code state} or {@link Step#state} is the live
 * state of the run: read it, never write it.
 */
public interface Tracer {
  /**
   * The transaction passed its checks and is about to buy its gas.
   *
   * @param to the recipient; null for a creation
   */
  default void onTxStart(
      final WorldState state,
      final BlockEnvironment block,
      final Address from,
      final @Nullable Address to,
      final long gasLimit) {}

  /** The transaction ended; {@code gasUsed} is what its receipt says (after the refund). */
  default void onTxEnd(final long gasUsed) {}

  /**
   * A frame starts, before any of its checks (depth, balance): every enter has its exit.
   *
   * @param depth 0 for the transaction's own frame
   * @param from the account whose code made the call (for a DELEGATECALL: the delegating contract)
   * @param to the account whose code runs (the new contract for a creation, the beneficiary for a
   *     SELFDESTRUCT)
   * @param input the call data, or the init code of a creation
   * @param value null for a STATICCALL, which moves none
   */
  default void onEnter(
      final int depth,
      final FrameKind kind,
      final Address from,
      final Address to,
      final Bytes input,
      final long gas,
      final @Nullable UInt256 value) {}

  /**
   * A frame ended.
   *
   * @param output the return data; the deployed code for a successful creation
   * @param gasUsed the frame's gas less what it hands back
   */
  default void onExit(final int depth, final Bytes output, final long gasUsed, final Halt halt) {}

  /**
   * An instruction is about to run: nothing of it has happened yet (no gas taken, the stack and
   * memory as it finds them). The step is valid only during the call; copy what you keep.
   */
  default void onOpcode(final Step step) {}

  /**
   * The instruction of the last {@link #onOpcode} of this frame finished without failing the frame
   * (REVERT included), after any frame it opened; {@code gasCost} is the gas it took from its frame
   * (a call's net of what the callee handed back). An instruction that fails the frame gets no end:
   * the frame's {@link #onExit} follows instead.
   */
  default void onOpcodeEnd(final long gasCost) {}

  /**
   * A log was emitted; it disappears again if its frame or a caller's fails.
   *
   * @param index the log's position among the transaction's logs
   */
  default void onLog(final Log log, final int index) {}
}
