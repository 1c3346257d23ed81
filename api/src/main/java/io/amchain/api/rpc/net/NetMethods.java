package io.amchain.api.rpc.net;

import io.amchain.api.NodeBackend;
import io.amchain.api.rpc.HexCodec;
import io.amchain.api.rpc.Json;
import io.amchain.api.rpc.MethodRegistry;

/**
 * {@code net_version} (the network id, which is the chain id here), {@code net_listening} and
 * {@code net_peerCount} (the cluster members this node is connected to).
 */
public final class NetMethods {
  private final NodeBackend backend;

  public NetMethods(final NodeBackend backend) {
    this.backend = backend;
  }

  public void register(final MethodRegistry.Builder registry) {
    registry.read("net_version", (params, context) -> Json.text(Long.toString(backend.chainId())));
    registry.read("net_listening", (params, context) -> Json.bool(true));
    registry.read(
        "net_peerCount", (params, context) -> Json.text(HexCodec.quantity(backend.peers().size())));
  }
}
