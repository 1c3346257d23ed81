/**
 * geth's tracers rebuilt on the EVM's {@link io.amchain.vm.Tracer} hooks, each answering the JSON
 * geth's {@code debug_trace*} methods answer for the same run, field for field: {@link CallTracer}
 * ({@code callTracer}), {@link PrestateTracer} ({@code prestateTracer}) and {@link StructLogger}
 * (the default struct logger). docs/tracing.md describes the methods and where the output may
 * differ from geth's.
 */
package io.amchain.vm.trace;
