package io.amchain.api.rpc;

import java.time.Duration;

/**
 * Told how long each call of a registered method took to answer, whether it succeeded or failed
 * (the node's metrics record it). Called from any thread; must return quickly.
 */
@FunctionalInterface
public interface CallObserver {

  /** Observes nothing. */
  CallObserver NONE = (method, latency) -> {};

  void completed(String method, Duration latency);
}
