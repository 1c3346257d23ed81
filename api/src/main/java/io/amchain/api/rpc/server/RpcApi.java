package io.amchain.api.rpc.server;

import io.amchain.api.NodeBackend;
import io.amchain.api.rpc.MethodRegistry;
import io.amchain.api.rpc.RpcConfig;
import io.amchain.api.rpc.admin.AdminMethods;
import io.amchain.api.rpc.clique.CliqueMethods;
import io.amchain.api.rpc.debug.DebugMethods;
import io.amchain.api.rpc.eth.EthMethods;
import io.amchain.api.rpc.net.NetMethods;
import io.amchain.api.rpc.txpool.TxpoolMethods;
import io.amchain.api.rpc.web3.Web3Methods;

/**
 * Every standard namespace over one node, in one registry: {@code web3}, {@code net}, {@code eth},
 * {@code clique}, {@code txpool}, {@code admin}, {@code debug}, of which it serves those the
 * configuration names ({@code --rpc-api}). Closing it stops the listeners the {@code eth} filters
 * and subscriptions hold on the node.
 */
public final class RpcApi implements AutoCloseable {
  private final MethodRegistry registry;
  private final EthMethods eth;

  private RpcApi(final MethodRegistry registry, final EthMethods eth) {
    this.registry = registry;
    this.eth = eth;
  }

  public static RpcApi create(final NodeBackend backend, final RpcConfig config) {
    final MethodRegistry.Builder builder = MethodRegistry.builder();
    new Web3Methods(config.clientVersion()).register(builder);
    new NetMethods(backend).register(builder);
    final EthMethods eth = new EthMethods(backend, config);
    eth.register(builder);
    new CliqueMethods(backend).register(builder);
    new TxpoolMethods(backend).register(builder);
    new AdminMethods(backend).register(builder);
    new DebugMethods(backend, config).register(builder);
    return new RpcApi(builder.build().restrictedTo(config.namespaces()), eth);
  }

  public MethodRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    eth.close();
  }
}
