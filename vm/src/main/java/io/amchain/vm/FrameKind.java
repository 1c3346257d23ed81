package io.amchain.vm;

/**
 * What opened a frame, named as geth's call tracer names it: the four calls, the two creations, and
 * SELFDESTRUCT, which a tracer sees as a frame of its own that moves the balance and runs no code.
 */
public enum FrameKind {
  CALL,
  CALLCODE,
  DELEGATECALL,
  STATICCALL,
  CREATE,
  CREATE2,
  SELFDESTRUCT;

  public boolean isCreate() {
    return this == CREATE || this == CREATE2;
  }
}
