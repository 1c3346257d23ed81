package io.amchain.vm.trace;

import com.fasterxml.jackson.databind.JsonNode;
import io.amchain.vm.Tracer;

/** A tracer whose run ends in the JSON geth's {@code debug_trace*} answers for it. */
public interface TraceResult extends Tracer {
  /** The trace of the run, once the transaction has ended. */
  JsonNode result();
}
