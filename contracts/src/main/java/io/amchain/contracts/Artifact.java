package io.amchain.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;

/**
 * A compiled contract as the contracts build writes it to {@code
 * /io/amchain/contracts/<Name>.json}: its ABI and its creation and runtime bytecode (0x-hex).
 */
public record Artifact(
    String contractName,
    String sourceName,
    JsonNode abi,
    String bytecode,
    String deployedBytecode) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The artifact of {@code contractName}, read from the classpath. */
  public static Artifact load(final String contractName) {
    final String resource = "/io/amchain/contracts/" + contractName + ".json";
    try (InputStream in = Artifact.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new PlatformException(
            "no compiled contract " + resource + " on the classpath (build the contracts module)");
      }
      final JsonNode root = JSON.readTree(in);
      return new Artifact(
          text(root, "contractName", resource),
          text(root, "sourceName", resource),
          root.path("abi"),
          text(root, "bytecode", resource),
          text(root, "deployedBytecode", resource));
    } catch (IOException e) {
      throw new PlatformException("cannot read " + resource + ": " + e.getMessage(), e);
    }
  }

  private static String text(final JsonNode root, final String key, final String resource) {
    final JsonNode value = root.get(key);
    if (value == null || !value.isTextual()) {
      throw new PlatformException(resource + " has no \"" + key + "\"");
    }
    return value.asText();
  }
}
