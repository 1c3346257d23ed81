package io.amchain.vm;

import java.util.function.Supplier;

/**
 * A flag that stops work nobody waits for any more: a JSON-RPC call whose caller got its timeout
 * error must not keep a thread running the EVM or scanning logs. The interpreter reads the flag of
 * the work it runs for once per frame and polls it at every frame start and every taken jump (the
 * only way code loops), so a cancelled call ends within one loop iteration; block execution runs
 * under {@link #NEVER}, which is never set.
 *
 * <p>The flag travels with the thread ({@link #run}) rather than through the EVM's constructors, so
 * that callers far from the interpreter (log scans, gas estimation's repeated calls) share it and
 * the EVM's signatures stay as they are.
 */
public final class Cancellation {
  /** The work of a thread that runs outside {@link #run}: never cancelled. */
  public static final Cancellation NEVER = new Cancellation();

  private static final ThreadLocal<Cancellation> CURRENT = new ThreadLocal<>();

  private volatile boolean cancelled;

  private Cancellation() {}

  /** A flag not yet set. */
  public static Cancellation create() {
    return new Cancellation();
  }

  /** The flag of the work this thread runs. */
  public static Cancellation current() {
    final Cancellation current = CURRENT.get();
    return current == null ? NEVER : current;
  }

  /** Runs {@code work} on this thread with this flag as {@link #current}. */
  public <T> T run(final Supplier<T> work) {
    final Cancellation previous = CURRENT.get();
    CURRENT.set(this);
    try {
      return work.get();
    } finally {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }

  /** Asks the work to stop; it throws {@link CancelledException} where it next checks. */
  public void cancel() {
    if (this != NEVER) {
      cancelled = true;
    }
  }

  public boolean isCancelled() {
    return cancelled;
  }

  /** Throws if the work was cancelled. */
  public void check() {
    if (cancelled) {
      throw new CancelledException();
    }
  }

  /**
   * The work was cancelled part way: what it changed is in an uncommitted state the caller drops.
   */
  public static final class CancelledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CancelledException() {
      super("cancelled", null, false, false);
    }
  }
}
