/**
 * Ethereum JSON-RPC for an AMChain node: the protocol core (one {@link
 * io.amchain.api.rpc.MethodRegistry}, one error enum {@link io.amchain.api.rpc.RpcError}, strict
 * hex codecs, block parameters), independent of the transport ({@code rpc.server}) and of the
 * method namespaces ({@code rpc.eth}, {@code rpc.clique}, ...).
 *
 * <h2>Block tags on a Clique chain</h2>
 *
 * <ul>
 *   <li>{@code latest}: the head of the canonical chain.
 *   <li>{@code pending}: the same as {@code latest}. Blocks are built by the signer whose turn it
 *       is, so there is no local pending block; pending transactions are visible through {@code
 *       eth_getTransactionCount(addr, "pending")}, {@code eth_getTransactionByHash} and {@code
 *       txpool_content}.
 *   <li>{@code earliest}: the genesis block.
 *   <li>{@code finalized}: the newest block B such that the blocks after B, up to the head, were
 *       sealed by more than half of the signers (floor(N/2)+1 distinct signers, N the size of the
 *       signer set at the head). A majority of signers has then built on B; reverting it needs a
 *       competing branch that a majority extends, which honest signers following the heaviest chain
 *       do not make. While the set is stable this is {@code head - (floor(N/2)+1)}; it is the
 *       genesis while the chain is shorter than that.
 *   <li>{@code safe}: the same block as {@code finalized}. Clique has no weaker justification step
 *       to report, and a {@code safe} newer than {@code finalized} would only invite clients to
 *       rely on a block one signer could still replace.
 * </ul>
 *
 * <h2>Authorization</h2>
 *
 * Methods that change the node ({@code clique_propose}, {@code clique_discard}) need the header
 * {@code Authorization: Bearer <token>} with the node's token, on the HTTP request or on the
 * WebSocket handshake. Without it they fail with -32000 and a message starting "unauthorized". A
 * server configured without a token refuses them to everyone. Reads are open.
 */
package io.amchain.api.rpc;
