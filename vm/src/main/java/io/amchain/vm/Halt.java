package io.amchain.vm;

/**
 * How a frame ended. Halts are values, not exceptions: the interpreter returns one and the caller
 * decides what it costs. Only STOP, RETURN and SELFDESTRUCT succeed; REVERT keeps the unused gas;
 * every other halt consumes all the frame's gas.
 */
public enum Halt {
  STOP(""),
  RETURN(""),
  SELFDESTRUCT(""),
  REVERT("execution reverted"),
  OUT_OF_GAS("out of gas"),
  INVALID_OPCODE("invalid opcode"),
  STACK_UNDERFLOW("stack underflow"),
  STACK_OVERFLOW("stack limit reached 1024"),
  BAD_JUMP_DESTINATION("invalid jump destination"),
  STATIC_STATE_CHANGE("write protection"),
  RETURN_DATA_OUT_OF_BOUNDS("return data out of bounds"),
  CALL_DEPTH_EXCEEDED("max call depth exceeded"),
  INSUFFICIENT_BALANCE("insufficient balance for transfer"),
  NONCE_OVERFLOW("nonce uint64 overflow"),
  CONTRACT_COLLISION("contract address collision"),
  CODE_SIZE_EXCEEDED("max code size exceeded"),
  INVALID_CODE_PREFIX("invalid code: must not begin with 0xef"),
  PRECOMPILE_FAILURE("precompiled contract failed");

  private final String message;

  Halt(final String message) {
    this.message = message;
  }

  /** geth's words for a failed frame (its {@code vm} errors); empty for a success. */
  public String message() {
    return message;
  }

  public boolean isSuccess() {
    return this == STOP || this == RETURN || this == SELFDESTRUCT;
  }

  /** Whether the frame's remaining gas goes back to its caller. */
  public boolean keepsGas() {
    return isSuccess() || this == REVERT;
  }
}
