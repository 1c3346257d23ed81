package io.amchain.api.rpc.web3;

import io.amchain.api.rpc.Json;
import io.amchain.api.rpc.MethodRegistry;
import io.amchain.ledger.types.Keccak;

/** {@code web3_clientVersion} and {@code web3_sha3}. */
public final class Web3Methods {
  private final String clientVersion;

  public Web3Methods(final String clientVersion) {
    this.clientVersion = clientVersion;
  }

  public void register(final MethodRegistry.Builder registry) {
    registry.read("web3_clientVersion", (params, context) -> Json.text(clientVersion));
    registry.read(
        "web3_sha3", (params, context) -> Json.text(Keccak.hash(params.atMost(1).data(0)).toHex()));
  }
}
