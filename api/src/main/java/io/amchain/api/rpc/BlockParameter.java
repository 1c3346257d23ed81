package io.amchain.api.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.amchain.ledger.types.Hash;
import java.util.Locale;

/**
 * Which block a request means: a number, a tag, or (EIP-1898) a hash that may be required to be
 * canonical. See the package documentation for what {@code safe} and {@code finalized} mean on a
 * Clique chain.
 */
public sealed interface BlockParameter {

  /** The named blocks. {@code pending} is the head: blocks are sealed, not mined from a pool. */
  enum Tag implements BlockParameter {
    LATEST,
    EARLIEST,
    PENDING,
    SAFE,
    FINALIZED
  }

  /** A block by its number in the canonical chain. */
  record ByNumber(long number) implements BlockParameter {}

  /** A block by hash; with {@code requireCanonical} it must also be on the canonical chain. */
  record ByHash(Hash hash, boolean requireCanonical) implements BlockParameter {}

  /** A block number or tag, as {@code eth_getBlockByNumber} takes it. */
  static BlockParameter parseNumber(final JsonNode node) {
    if (!node.isTextual()) {
      throw new IllegalArgumentException(
          "json: cannot unmarshal " + HexCodec.jsonKind(node) + " into Go value of type string");
    }
    final String text = node.textValue().trim();
    return switch (text) {
      case "latest" -> Tag.LATEST;
      case "earliest" -> Tag.EARLIEST;
      case "pending" -> Tag.PENDING;
      case "safe" -> Tag.SAFE;
      case "finalized" -> Tag.FINALIZED;
      default -> {
        final java.math.BigInteger number = HexCodec.parseQuantity(text, 64);
        if (number.bitLength() > 63) {
          throw new IllegalArgumentException("block number larger than int64");
        }
        yield new ByNumber(number.longValue());
      }
    };
  }

  /**
   * A block number, tag, hash string, or EIP-1898 object {@code {blockHash, requireCanonical}} /
   * {@code {blockNumber}}, as the state methods take it.
   */
  static BlockParameter parseNumberOrHash(final JsonNode node) {
    if (node.isObject()) {
      final JsonNode hash = node.get("blockHash");
      final JsonNode number = node.get("blockNumber");
      if (hash != null && number != null) {
        throw new IllegalArgumentException(
            "cannot specify both BlockHash and BlockNumber, choose one or the other");
      }
      if (hash != null) {
        final JsonNode canonical = node.get("requireCanonical");
        if (canonical != null && !canonical.isBoolean() && !canonical.isNull()) {
          throw new IllegalArgumentException("requireCanonical must be a boolean");
        }
        return new ByHash(HexCodec.parseHash(hash), canonical != null && canonical.asBoolean());
      }
      if (number != null) {
        return parseNumber(number);
      }
      throw new IllegalArgumentException("either BlockHash or BlockNumber must be specified");
    }
    if (node.isTextual() && node.textValue().length() == 66) {
      return new ByHash(HexCodec.parseHash(node), false);
    }
    return parseNumber(node);
  }

  /** The JSON-RPC spelling of a tag. */
  static String name(final Tag tag) {
    return tag.name().toLowerCase(Locale.ROOT);
  }
}
