package io.amchain.vm;

/**
 * How a frame ended. Halts are values, not exceptions: the interpreter returns one and the caller
 * decides what it costs. Only STOP, RETURN and SELFDESTRUCT succeed; REVERT keeps the unused gas;
 * every other halt consumes all the frame's gas.
 */
public enum Halt {
  STOP,
  RETURN,
  SELFDESTRUCT,
  REVERT,
  OUT_OF_GAS,
  INVALID_OPCODE,
  STACK_UNDERFLOW,
  STACK_OVERFLOW,
  BAD_JUMP_DESTINATION,
  STATIC_STATE_CHANGE,
  RETURN_DATA_OUT_OF_BOUNDS,
  CALL_DEPTH_EXCEEDED,
  INSUFFICIENT_BALANCE,
  NONCE_OVERFLOW,
  CONTRACT_COLLISION,
  CODE_SIZE_EXCEEDED,
  INVALID_CODE_PREFIX,
  PRECOMPILE_FAILURE;

  public boolean isSuccess() {
    return this == STOP || this == RETURN || this == SELFDESTRUCT;
  }

  /** Whether the frame's remaining gas goes back to its caller. */
  public boolean keepsGas() {
    return isSuccess() || this == REVERT;
  }
}
