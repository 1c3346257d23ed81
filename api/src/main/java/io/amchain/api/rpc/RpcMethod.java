package io.amchain.api.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletionStage;

/**
 * One JSON-RPC method. It runs on the server's blocking dispatcher and may read stores directly;
 * what it must ask the node for it returns as a stage. Failures are {@link RpcException}s, thrown
 * or in the stage.
 */
@FunctionalInterface
public interface RpcMethod {

  CompletionStage<JsonNode> invoke(Params params, RpcContext context);

  /** A method that answers at once. */
  @FunctionalInterface
  interface Sync {
    JsonNode invoke(Params params, RpcContext context);
  }
}
