package io.amchain.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Hash;

/**
 * Turns revert data into the custom error it encodes ({@code NotMember(0xAbC…, 3)}), from the
 * errors declared in the eight artifacts' ABIs plus Solidity's {@code Error(string)} and {@code
 * Panic(uint256)}, so that a user reads what the contract said rather than a hex blob.
 */
@SuppressWarnings("rawtypes") // web3j's decoder takes raw-typed references
final class ContractErrors {
  private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F]{8,}");

  /** selector (0x + 8 hex) -> the error's name and ABI input types. */
  private static @Nullable Map<String, ErrorAbi> known;

  private ContractErrors() {}

  /** ": Name(args)" for the revert data in a JSON-RPC error's data, or "" when it carries none. */
  static String describeRevert(final @Nullable String errorData) {
    if (errorData == null) {
      return "";
    }
    // Nodes differ: geth and AMChain give the hex itself, others nest it in an object.
    final Matcher hex = HEX.matcher(errorData);
    return hex.find() ? ": " + describe(hex.group()) : "";
  }

  /** The decoded error, or the raw data when its selector is unknown. */
  static String describe(final String revertData) {
    final String data = revertData.toLowerCase(java.util.Locale.ROOT);
    if (data.length() < 10) {
      return data;
    }
    final ErrorAbi error = errors().get(data.substring(0, 10));
    if (error == null) {
      return "unknown error " + data;
    }
    try {
      final List<Type> values =
          FunctionReturnDecoder.decode("0x" + data.substring(10), error.outputs());
      final List<String> args = new ArrayList<>();
      for (final Type<?> value : values) {
        args.add(Abi.format(value));
      }
      return error.name() + "(" + String.join(", ", args) + ")";
    } catch (RuntimeException e) {
      return error.name() + " " + data;
    }
  }

  private static synchronized Map<String, ErrorAbi> errors() {
    Map<String, ErrorAbi> map = known;
    if (map == null) {
      map = new HashMap<>();
      put(map, "Error", List.of("string"));
      put(map, "Panic", List.of("uint256"));
      for (final PlatformContract contract : PlatformContract.values()) {
        final Artifact artifact;
        try {
          artifact = contract.artifact();
        } catch (PlatformException e) {
          continue; // a build without this contract: its errors stay undecoded
        }
        for (final JsonNode entry : artifact.abi()) {
          if ("error".equals(entry.path("type").asText())) {
            final List<String> types = new ArrayList<>();
            entry.path("inputs").forEach(input -> types.add(canonicalType(input)));
            put(map, entry.path("name").asText(), types);
          }
        }
      }
      known = map;
    }
    return map;
  }

  private static void put(
      final Map<String, ErrorAbi> map, final String name, final List<String> types) {
    final String signature = name + "(" + String.join(",", types) + ")";
    final String selector = Hash.sha3String(signature).substring(0, 10);
    final List<TypeReference<Type>> outputs = new ArrayList<>();
    for (final String type : types) {
      try {
        @SuppressWarnings("unchecked") // web3j builds references from names untyped
        final TypeReference<Type> reference = TypeReference.makeTypeReference(type);
        outputs.add(reference);
      } catch (ClassNotFoundException | RuntimeException e) {
        outputs.clear(); // a type web3j cannot name (a tuple): the name alone is still worth it
        break;
      }
    }
    map.putIfAbsent(selector, new ErrorAbi(name, outputs));
  }

  /** The ABI's canonical type: tuples spelled out as (t1,t2,...). */
  private static String canonicalType(final JsonNode input) {
    final String type = input.path("type").asText();
    if (!type.startsWith("tuple")) {
      return type;
    }
    final List<String> components = new ArrayList<>();
    input.path("components").forEach(component -> components.add(canonicalType(component)));
    return "(" + String.join(",", components) + ")" + type.substring("tuple".length());
  }

  private record ErrorAbi(String name, List<TypeReference<Type>> outputs) {}
}
