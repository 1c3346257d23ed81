package io.amchain.api.rpc.eth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amchain.api.rpc.HexCodec;
import io.amchain.api.rpc.Json;
import io.amchain.ledger.rlp.Rlp;
import io.amchain.ledger.state.Account;
import io.amchain.ledger.trie.MerklePatriciaTrie;
import io.amchain.ledger.trie.NodeStore;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import java.util.List;

/**
 * {@code eth_getProof} (EIP-1186): an account and some of its storage slots with the Merkle proofs
 * that tie them to a state root. An absent account is proven absent: zero nonce and balance, zero
 * code hash and the empty storage root, as geth reports it.
 */
final class Proofs {
  private Proofs() {}

  /** A requested slot: its key as the client wrote it, and its value as a number. */
  record Slot(String text, UInt256 key) {}

  static ObjectNode prove(
      final NodeStore store, final Hash stateRoot, final Address address, final List<Slot> slots) {
    final MerklePatriciaTrie accounts = MerklePatriciaTrie.secure(store, stateRoot);
    final Bytes encoded = accounts.get(address.bytes());
    final Account account = encoded == null ? null : Account.decode(encoded);
    final ObjectNode json = Json.object();
    json.put("address", address.toHex());
    json.set("accountProof", nodes(accounts.proof(address.bytes())));
    json.put("balance", HexCodec.quantity(account == null ? UInt256.ZERO : account.balance()));
    json.put("codeHash", (account == null ? Hash.ZERO : account.codeHash()).toHex());
    json.put("nonce", HexCodec.quantity(account == null ? 0 : account.nonce()));
    final Hash storageRoot =
        account == null ? MerklePatriciaTrie.EMPTY_ROOT : account.storageRoot();
    json.put("storageHash", storageRoot.toHex());
    final MerklePatriciaTrie storage = MerklePatriciaTrie.secure(store, storageRoot);
    final ArrayNode storageProof = json.putArray("storageProof");
    for (final Slot slot : slots) {
      final Bytes key = slot.key().toBytes32();
      final Bytes stored = storage.get(key);
      final UInt256 value =
          stored == null ? UInt256.ZERO : Rlp.decode(stored).asString().asUInt256();
      final ObjectNode item = storageProof.addObject();
      item.put("key", slot.text());
      item.put("value", HexCodec.quantity(value));
      item.set(
          "proof",
          storageRoot.equals(MerklePatriciaTrie.EMPTY_ROOT)
              ? Json.array()
              : nodes(storage.proof(key)));
    }
    return json;
  }

  private static JsonNode nodes(final List<Bytes> proof) {
    final ArrayNode json = Json.array();
    proof.forEach(node -> json.add(node.toHex()));
    return json;
  }
}
