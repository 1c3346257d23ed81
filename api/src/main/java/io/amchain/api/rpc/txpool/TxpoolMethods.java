package io.amchain.api.rpc.txpool;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amchain.api.NodeBackend;
import io.amchain.api.rpc.HexCodec;
import io.amchain.api.rpc.Json;
import io.amchain.api.rpc.MethodRegistry;
import io.amchain.api.rpc.json.EthJson;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.types.Address;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code txpool_status} (counts) and {@code txpool_content} (transactions by sender, then nonce),
 * shaped as geth returns them: sender keys in EIP-55 form, nonce keys as decimal strings. {@code
 * txpool_status} adds one field to geth's, {@code replicas}.
 */
public final class TxpoolMethods {
  private final NodeBackend backend;

  public TxpoolMethods(final NodeBackend backend) {
    this.backend = backend;
  }

  public void register(final MethodRegistry.Builder registry) {
    registry.read(
        "txpool_status",
        (params, context) -> {
          final ObjectNode json = Json.object();
          json.put("pending", HexCodec.quantity(count(backend.pending())));
          json.put("queued", HexCodec.quantity(count(backend.queued())));
          // Not geth's: how many other nodes store an accepted transaction; 0 means this node is
          // alone and what it accepts is on it only (docs/security.md).
          json.put("replicas", HexCodec.quantity(backend.replicas()));
          return json;
        });
    // Every pending transaction of every sender, in full: large, and a front-runner's view of what
    // is about to be sealed. Counts stay open.
    registry.restricted(
        "txpool_content",
        (params, context) -> {
          final ObjectNode json = Json.object();
          json.set("pending", content(backend.pending()));
          json.set("queued", content(backend.queued()));
          return json;
        });
  }

  private static long count(final Map<Address, SortedMap<Long, Transaction>> pool) {
    return pool.values().stream().mapToLong(Map::size).sum();
  }

  private static ObjectNode content(final Map<Address, SortedMap<Long, Transaction>> pool) {
    final ObjectNode json = Json.object();
    for (final Map.Entry<Address, SortedMap<Long, Transaction>> sender :
        new TreeMap<>(pool).entrySet()) {
      final ObjectNode byNonce = json.putObject(sender.getKey().toChecksumHex());
      for (final Map.Entry<Long, Transaction> entry : sender.getValue().entrySet()) {
        byNonce.set(
            Long.toUnsignedString(entry.getKey()), EthJson.transaction(entry.getValue(), null, 0));
      }
    }
    return json;
  }
}
