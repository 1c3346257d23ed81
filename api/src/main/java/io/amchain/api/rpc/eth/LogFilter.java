package io.amchain.api.rpc.eth;

import com.fasterxml.jackson.databind.JsonNode;
import io.amchain.api.rpc.BlockParameter;
import io.amchain.api.rpc.HexCodec;
import io.amchain.api.rpc.json.LocatedLog;
import io.amchain.ledger.block.Log;
import io.amchain.ledger.block.LogsBloom;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Hash;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The criteria of {@code eth_getLogs}, {@code eth_newFilter} and a {@code logs} subscription: a
 * block range or one block hash, any of some addresses, and per topic position any of some values
 * (an empty set is a wildcard). As in geth, a log must have at least as many topics as the criteria
 * list positions, wildcards included.
 */
record LogFilter(
    @Nullable BlockParameter fromBlock,
    @Nullable BlockParameter toBlock,
    @Nullable Hash blockHash,
    Set<Address> addresses,
    List<Set<Hash>> topics) {

  private static final int MAX_TOPICS = 4;

  /**
   * @throws IllegalArgumentException naming what is wrong
   */
  static LogFilter parse(final JsonNode node) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(
          "json: cannot unmarshal non-object into Go value of type filters.FilterCriteria");
    }
    final Hash blockHash =
        present(node, "blockHash") ? HexCodec.parseHash(node.get("blockHash")) : null;
    final BlockParameter from =
        present(node, "fromBlock") ? BlockParameter.parseNumber(node.get("fromBlock")) : null;
    final BlockParameter to =
        present(node, "toBlock") ? BlockParameter.parseNumber(node.get("toBlock")) : null;
    if (blockHash != null && (from != null || to != null)) {
      throw new IllegalArgumentException(
          "cannot specify both BlockHash and FromBlock/ToBlock, choose one or the other");
    }
    final Set<Address> addresses = new LinkedHashSet<>();
    if (present(node, "address")) {
      final JsonNode address = node.get("address");
      if (address.isArray()) {
        address.forEach(item -> addresses.add(HexCodec.parseAddress(item)));
      } else {
        addresses.add(HexCodec.parseAddress(address));
      }
    }
    final List<Set<Hash>> topics = new ArrayList<>();
    if (present(node, "topics")) {
      final JsonNode list = node.get("topics");
      if (!list.isArray()) {
        throw new IllegalArgumentException("topics must be an array");
      }
      if (list.size() > MAX_TOPICS) {
        throw new IllegalArgumentException("exceed max topics");
      }
      for (final JsonNode position : list) {
        topics.add(position(position));
      }
    }
    return new LogFilter(from, to, blockHash, Set.copyOf(addresses), List.copyOf(topics));
  }

  /** One topic position: null (any), a hash, or a list of hashes where a null also means any. */
  private static Set<Hash> position(final JsonNode node) {
    if (node.isNull()) {
      return Set.of();
    }
    if (!node.isArray()) {
      return Set.of(HexCodec.parseHash(node));
    }
    final Set<Hash> values = new LinkedHashSet<>();
    for (final JsonNode item : node) {
      if (item.isNull()) {
        return Set.of();
      }
      values.add(HexCodec.parseHash(item));
    }
    return Set.copyOf(values);
  }

  private static boolean present(final JsonNode node, final String field) {
    return node.has(field) && !node.get(field).isNull();
  }

  /** False when the block's bloom shows it holds no matching log; true when it might. */
  boolean mightMatch(final LogsBloom bloom) {
    if (!addresses.isEmpty() && addresses.stream().noneMatch(bloom::mightContain)) {
      return false;
    }
    for (final Set<Hash> position : topics) {
      if (!position.isEmpty() && position.stream().noneMatch(bloom::mightContain)) {
        return false;
      }
    }
    return true;
  }

  boolean matches(final Log log) {
    if (!addresses.isEmpty() && !addresses.contains(log.address())) {
      return false;
    }
    if (topics.size() > log.topics().size()) {
      return false;
    }
    for (int i = 0; i < topics.size(); i++) {
      if (!topics.get(i).isEmpty() && !topics.get(i).contains(log.topics().get(i))) {
        return false;
      }
    }
    return true;
  }

  List<LocatedLog> select(final List<LocatedLog> logs) {
    return logs.stream().filter(log -> matches(log.log())).toList();
  }
}
