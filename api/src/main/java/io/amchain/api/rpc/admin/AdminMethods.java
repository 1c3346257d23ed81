package io.amchain.api.rpc.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amchain.api.NodeBackend;
import io.amchain.api.rpc.BlockLookup;
import io.amchain.api.rpc.Json;
import io.amchain.api.rpc.MethodRegistry;
import io.amchain.ledger.block.Block;
import io.amchain.ledger.genesis.CliqueConfig;
import io.amchain.ledger.genesis.Genesis;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import java.util.Objects;

/**
 * {@code admin_nodeInfo} and {@code admin_peers}, in geth's shape where it applies. Peers are Pekko
 * cluster members, not devp2p peers: there is no enode or ENR, and {@code protocols} of a peer is
 * empty.
 */
public final class AdminMethods {
  private final NodeBackend backend;
  private final BlockLookup blocks;

  public AdminMethods(final NodeBackend backend) {
    this.backend = backend;
    this.blocks = new BlockLookup(backend);
  }

  public void register(final MethodRegistry.Builder registry) {
    // The node's addresses and its peers' tell an attacker where to go next: token holders only.
    registry.restricted("admin_nodeInfo", (params, context) -> nodeInfo());
    registry.restricted("admin_peers", (params, context) -> peers());
  }

  private ObjectNode nodeInfo() {
    final NodeBackend.NodeInfo info = backend.nodeInfo();
    final ObjectNode json = Json.object();
    json.put("id", info.id());
    json.put("name", info.name());
    json.put("listenAddr", info.listenAddress());
    final ObjectNode eth = json.putObject("protocols").putObject("eth");
    final Genesis genesis = backend.genesis();
    final Block head = blocks.head();
    eth.put("network", genesis.chainId());
    final UInt256 td =
        Objects.requireNonNullElse(blocks.chainStore().totalDifficulty(head.hash()), UInt256.ZERO);
    eth.put("difficulty", td.toBigInteger());
    eth.put(
        "genesis",
        Objects.requireNonNullElse(blocks.chainStore().canonicalHash(0), Hash.ZERO).toHex());
    final ObjectNode config = eth.putObject("config");
    config.put("chainId", genesis.chainId());
    genesis.forks().configFields().forEach(config::put);
    final CliqueConfig clique = genesis.clique();
    if (clique != null) {
      config.putObject("clique").put("period", clique.period()).put("epoch", clique.epoch());
    }
    eth.put("head", head.hash().toHex());
    return json;
  }

  private ArrayNode peers() {
    final String local = backend.nodeInfo().listenAddress();
    final ArrayNode json = Json.array();
    for (final NodeBackend.PeerInfo peer : backend.peers()) {
      final ObjectNode item = json.addObject();
      item.put("id", peer.id());
      item.put("name", peer.name());
      final ObjectNode network = item.putObject("network");
      network.put("localAddress", local);
      network.put("remoteAddress", peer.remoteAddress());
      network.put("inbound", peer.inbound());
      network.put("trusted", false);
      network.put("static", false);
      item.putObject("protocols");
    }
    return json;
  }
}
