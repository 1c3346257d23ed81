package io.amchain.actors.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amchain.ledger.types.Address;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What the follower reads from a deployment manifest ({@code platform.json}, whose keys the
 * platform spec fixes): the chain it was deployed on, the MemberRegistry's address, and the block
 * holding the deployment (optional; before it the registry has no code, which is no fault).
 */
record PlatformManifest(long chainId, Address memberRegistry, long deployedAtBlock) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @throws IOException if the file cannot be read or is not JSON (it may be half written)
   * @throws IllegalArgumentException if a key the follower needs is missing or malformed
   */
  static PlatformManifest read(final Path file) throws IOException {
    final JsonNode root = JSON.readTree(file.toFile());
    final JsonNode chainId = root.path("chainId");
    if (!chainId.canConvertToExactIntegral()) {
      throw new IllegalArgumentException("no numeric chainId");
    }
    final JsonNode registry = root.path("contracts").path("MemberRegistry");
    if (!registry.isTextual()) {
      throw new IllegalArgumentException("no contracts.MemberRegistry address");
    }
    final JsonNode deployedAt = root.path("deployedAtBlock");
    return new PlatformManifest(
        chainId.asLong(),
        Address.fromHex(registry.asText()),
        deployedAt.canConvertToExactIntegral() ? deployedAt.asLong() : 0);
  }
}
