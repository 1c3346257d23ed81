package io.amchain.api.rpc.eth;

import com.fasterxml.jackson.databind.JsonNode;
import io.amchain.api.rpc.HexCodec;
import io.amchain.ledger.tx.AccessList;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The transaction object of {@code eth_call} and {@code eth_estimateGas} (geth's TransactionArgs).
 * Absent fields are null; {@code nonce} and {@code type} are accepted and ignored, as a simulation
 * uses the sender's current nonce.
 */
record CallArgs(
    @Nullable Address from,
    @Nullable Address to,
    @Nullable Long gas,
    @Nullable UInt256 gasPrice,
    @Nullable UInt256 maxFeePerGas,
    @Nullable UInt256 maxPriorityFeePerGas,
    UInt256 value,
    Bytes data,
    AccessList accessList) {

  /**
   * @throws IllegalArgumentException naming the field that is wrong
   */
  static CallArgs parse(final JsonNode node, final long chainId) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(
          "json: cannot unmarshal non-object into Go value of type ethapi.TransactionArgs");
    }
    final Bytes data = optional(node, "data") == null ? null : HexCodec.parseData(node.get("data"));
    final Bytes input =
        optional(node, "input") == null ? null : HexCodec.parseData(node.get("input"));
    if (data != null && input != null && !data.equals(input)) {
      throw new IllegalArgumentException(
          "both \"data\" and \"input\" are set and not equal. Please use \"input\" to pass"
              + " transaction call data");
    }
    final JsonNode chain = optional(node, "chainId");
    if (chain != null && !HexCodec.parseUInt256(chain).equals(UInt256.of(chainId))) {
      throw new IllegalArgumentException(
          "chainId does not match node's (have="
              + HexCodec.parseUInt256(chain).toBigInteger()
              + ", want="
              + chainId
              + ")");
    }
    final JsonNode gas = optional(node, "gas");
    final JsonNode value = optional(node, "value");
    final JsonNode accessList = optional(node, "accessList");
    return new CallArgs(
        address(node, "from"),
        address(node, "to"),
        gas == null ? null : HexCodec.parseUint64(gas),
        quantity(node, "gasPrice"),
        quantity(node, "maxFeePerGas"),
        quantity(node, "maxPriorityFeePerGas"),
        value == null ? UInt256.ZERO : HexCodec.parseUInt256(value),
        input != null ? input : data != null ? data : Bytes.EMPTY,
        accessList == null ? AccessList.EMPTY : accessList(accessList));
  }

  /**
   * The price per gas the simulation charges, from the fee fields and the block's base fee, as geth
   * resolves it: an explicit gas price, or {@code min(tip + baseFee, feeCap)}, or zero.
   */
  UInt256 effectiveGasPrice(final UInt256 baseFee) {
    final UInt256 price = gasPrice;
    if (price != null && (maxFeePerGas != null || maxPriorityFeePerGas != null)) {
      throw new IllegalArgumentException(
          "both gasPrice and (maxFeePerGas or maxPriorityFeePerGas) specified");
    }
    if (price != null) {
      return price;
    }
    final UInt256 feeCap = maxFeePerGas == null ? UInt256.ZERO : maxFeePerGas;
    final UInt256 tip = maxPriorityFeePerGas == null ? UInt256.ZERO : maxPriorityFeePerGas;
    if (feeCap.isZero() && tip.isZero()) {
      return UInt256.ZERO;
    }
    if (maxFeePerGas != null && tip.greaterThan(feeCap)) {
      throw new IllegalArgumentException(
          "maxFeePerGas ("
              + feeCap.toBigInteger()
              + ") < maxPriorityFeePerGas ("
              + tip.toBigInteger()
              + ")");
    }
    final UInt256 capped = tip.add(baseFee);
    return maxFeePerGas == null ? capped : capped.min(feeCap);
  }

  private static @Nullable JsonNode optional(final JsonNode node, final String field) {
    final JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value;
  }

  private static @Nullable Address address(final JsonNode node, final String field) {
    final JsonNode value = optional(node, field);
    return value == null ? null : HexCodec.parseAddress(value);
  }

  private static @Nullable UInt256 quantity(final JsonNode node, final String field) {
    final JsonNode value = optional(node, field);
    return value == null ? null : HexCodec.parseUInt256(value);
  }

  private static AccessList accessList(final JsonNode node) {
    if (!node.isArray()) {
      throw new IllegalArgumentException("accessList must be an array");
    }
    final List<AccessList.Entry> entries = new ArrayList<>();
    for (final JsonNode item : node) {
      final JsonNode address = item.get("address");
      if (address == null) {
        throw new IllegalArgumentException("accessList entry without address");
      }
      final List<Hash> keys = new ArrayList<>();
      final JsonNode storageKeys = item.get("storageKeys");
      if (storageKeys != null && storageKeys.isArray()) {
        storageKeys.forEach(key -> keys.add(HexCodec.parseHash(key)));
      }
      entries.add(new AccessList.Entry(HexCodec.parseAddress(address), keys));
    }
    return new AccessList(entries);
  }
}
