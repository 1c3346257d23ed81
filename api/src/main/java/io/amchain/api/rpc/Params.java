package io.amchain.api.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A request's positional parameters with typed, strict accessors. Every parse failure becomes
 * -32602 naming the argument, as geth words it ("invalid argument 1: hex string without 0x prefix",
 * "missing value for required argument 0").
 */
public final class Params {
  private final List<JsonNode> values;

  private Params(final List<JsonNode> values) {
    this.values = values;
  }

  /** The parameters of a request: absent or null means none; anything but an array is refused. */
  public static Params of(final @Nullable JsonNode params) {
    if (params == null || params.isNull()) {
      return new Params(List.of());
    }
    if (!params.isArray()) {
      throw RpcError.INVALID_PARAMS.exception("non-array args");
    }
    final List<JsonNode> values = new ArrayList<>(params.size());
    params.forEach(values::add);
    return new Params(values);
  }

  /** Parameters built in code (tests, internal calls). */
  public static Params of(final JsonNode... values) {
    return new Params(List.of(values));
  }

  public int size() {
    return values.size();
  }

  /** Refuses surplus arguments, as geth does. */
  public Params atMost(final int count) {
    if (values.size() > count) {
      throw RpcError.INVALID_PARAMS.exception("too many arguments, want at most " + count);
    }
    return this;
  }

  /** Whether argument {@code index} is present and not JSON null. */
  public boolean has(final int index) {
    return index < values.size() && !values.get(index).isNull();
  }

  public JsonNode required(final int index) {
    if (!has(index)) {
      throw RpcError.INVALID_PARAMS.exception("missing value for required argument " + index);
    }
    return values.get(index);
  }

  public @Nullable JsonNode optional(final int index) {
    return has(index) ? values.get(index) : null;
  }

  /** Parses a required argument, turning a failure into -32602 for that argument. */
  public <T> T get(final int index, final Function<JsonNode, T> parser) {
    return parse(index, required(index), parser);
  }

  /** Parses an optional argument, or gives {@code fallback} when it is absent or null. */
  public <T> T get(final int index, final Function<JsonNode, T> parser, final T fallback) {
    return has(index) ? parse(index, values.get(index), parser) : fallback;
  }

  public Address address(final int index) {
    return get(index, HexCodec::parseAddress);
  }

  public Hash hash(final int index) {
    return get(index, HexCodec::parseHash);
  }

  public Bytes data(final int index) {
    return get(index, HexCodec::parseData);
  }

  public long uint64(final int index) {
    return get(index, HexCodec::parseUint64);
  }

  public UInt256 uint256(final int index) {
    return get(index, HexCodec::parseUInt256);
  }

  public boolean bool(final int index) {
    return get(
        index,
        node -> {
          if (!node.isBoolean()) {
            throw new IllegalArgumentException(
                "json: cannot unmarshal "
                    + HexCodec.jsonKind(node)
                    + " into Go value of type bool");
          }
          return node.booleanValue();
        });
  }

  /** A block number or tag (no hash). */
  public BlockParameter blockNumber(final int index) {
    return get(index, BlockParameter::parseNumber);
  }

  /** A block number, tag, hash or EIP-1898 object. */
  public BlockParameter blockNumberOrHash(final int index) {
    return get(index, BlockParameter::parseNumberOrHash);
  }

  /** Like {@link #blockNumberOrHash(int)}, {@code fallback} when absent. */
  public BlockParameter blockNumberOrHash(final int index, final BlockParameter fallback) {
    return get(index, BlockParameter::parseNumberOrHash, fallback);
  }

  private static <T> T parse(
      final int index, final JsonNode node, final Function<JsonNode, T> parser) {
    try {
      return parser.apply(node);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw RpcError.invalidArgument(index, String.valueOf(e.getMessage()));
    }
  }
}
