package io.amchain.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amchain.contracts.MemberRegistry.Founder;
import io.amchain.contracts.MemberRegistry.Role;
import io.amchain.ledger.types.Address;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code platform.json}, the deployment manifest every client reads: the keys of the platform
 * spec's README, and the extra keys of the platform conventions (who deployed, when, with which
 * periods and fees) in {@link Deployment}, absent when a manifest written elsewhere lacks them.
 */
public record PlatformManifest(
    long chainId,
    Map<PlatformContract, Address> contracts,
    List<Founder> founders,
    Address treasury,
    Address minerRewardPool,
    Address arbitrationPool,
    @Nullable Deployment deployment) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public PlatformManifest {
    final EnumMap<PlatformContract, Address> all = new EnumMap<>(PlatformContract.class);
    all.putAll(contracts);
    if (all.size() != PlatformContract.values().length) {
      throw new IllegalArgumentException("a manifest names all eight contracts");
    }
    contracts = Collections.unmodifiableMap(all);
    founders = List.copyOf(founders);
  }

  /** Fee basis points of provider-side payouts. */
  public record Fees(int treasuryBps, int minerPoolBps, int arbitrationPoolBps) {}

  /** The conventions' extra keys: the deployment's account, last block, periods and fees. */
  public record Deployment(
      Address deployer,
      long deployedAtBlock,
      long proposalPeriod,
      long votingPeriod,
      long confirmationWindow,
      Fees fees) {}

  public Address contract(final PlatformContract contract) {
    return contracts.get(contract);
  }

  /** The manifest as JSON, keys in the README's order, addresses EIP-55 checksummed. */
  public String toJson() {
    final ObjectNode root = JSON.createObjectNode();
    root.put("chainId", chainId);
    final ObjectNode names = root.putObject("contracts");
    contracts.forEach(
        (contract, address) -> names.put(contract.contractName(), address.toString()));
    final ArrayNode list = root.putArray("founders");
    for (final Founder founder : founders) {
      list.addObject()
          .put("address", founder.account().toString())
          .put("role", founder.role().name())
          .put("signer", founder.signer().toString());
    }
    root.put("treasury", treasury.toString());
    root.put("minerRewardPool", minerRewardPool.toString());
    root.put("arbitrationPool", arbitrationPool.toString());
    if (deployment != null) {
      root.put("deployer", deployment.deployer().toString());
      root.put("deployedAtBlock", deployment.deployedAtBlock());
      root.put("proposalPeriod", deployment.proposalPeriod());
      root.put("votingPeriod", deployment.votingPeriod());
      root.put("confirmationWindow", deployment.confirmationWindow());
      root.putObject("fees")
          .put("treasuryBps", deployment.fees().treasuryBps())
          .put("minerPoolBps", deployment.fees().minerPoolBps())
          .put("arbitrationPoolBps", deployment.fees().arbitrationPoolBps());
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes the manifest; a reader never sees a half-written file (written aside, then moved). */
  public void write(final Path file) {
    final Path target = file.toAbsolutePath();
    final Path partial = target.resolveSibling(target.getFileName() + ".partial");
    try {
      if (target.getParent() != null) {
        Files.createDirectories(target.getParent());
      }
      Files.writeString(partial, toJson(), StandardCharsets.UTF_8);
      Files.move(
          partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new PlatformException("cannot write the manifest " + file + ": " + e.getMessage(), e);
    }
  }

  public static PlatformManifest read(final Path file) {
    final String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new PlatformException("no manifest " + file);
    } catch (IOException e) {
      throw new PlatformException("cannot read the manifest " + file + ": " + e.getMessage(), e);
    }
    return parse(text, file.toString());
  }

  /** Parses a manifest; {@code source} names it in errors. */
  public static PlatformManifest parse(final String json, final String source) {
    final JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new PlatformException(source + " is not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new PlatformException(source + " is not a JSON object");
    }
    final Reader reader = new Reader(source);
    final Map<PlatformContract, Address> contracts = new EnumMap<>(PlatformContract.class);
    final JsonNode names = reader.object(root, "contracts");
    for (final PlatformContract contract : PlatformContract.values()) {
      contracts.put(contract, reader.address(names, contract.contractName(), "contracts."));
    }
    final List<Founder> founders = new ArrayList<>();
    final JsonNode list = root.get("founders");
    if (list == null || !list.isArray()) {
      throw new PlatformException(source + ": \"founders\" must be an array");
    }
    for (final JsonNode founder : list) {
      final String roleName = reader.text(founder, "role", "founders[].");
      final Role role;
      try {
        role = Role.valueOf(roleName);
      } catch (IllegalArgumentException e) {
        throw new PlatformException(source + ": unknown founder role \"" + roleName + "\"");
      }
      final Address signer =
          founder.hasNonNull("signer")
              ? reader.address(founder, "signer", "founders[].")
              : Address.ZERO;
      founders.add(new Founder(reader.address(founder, "address", "founders[]."), role, signer));
    }
    Deployment deployment = null;
    if (root.has("deployer")) {
      final JsonNode fees = reader.object(root, "fees");
      deployment =
          new Deployment(
              reader.address(root, "deployer", ""),
              reader.number(root, "deployedAtBlock", ""),
              reader.number(root, "proposalPeriod", ""),
              reader.number(root, "votingPeriod", ""),
              reader.number(root, "confirmationWindow", ""),
              new Fees(
                  (int) reader.number(fees, "treasuryBps", "fees."),
                  (int) reader.number(fees, "minerPoolBps", "fees."),
                  (int) reader.number(fees, "arbitrationPoolBps", "fees.")));
    }
    return new PlatformManifest(
        reader.number(root, "chainId", ""),
        contracts,
        founders,
        reader.address(root, "treasury", ""),
        reader.address(root, "minerRewardPool", ""),
        reader.address(root, "arbitrationPool", ""),
        deployment);
  }

  /** Reads keys of a manifest, each error naming the file and the key. */
  private record Reader(String source) {
    JsonNode object(final JsonNode node, final String key) {
      final JsonNode value = node.get(key);
      if (value == null || !value.isObject()) {
        throw new PlatformException(source + ": \"" + key + "\" must be an object");
      }
      return value;
    }

    String text(final JsonNode node, final String key, final String prefix) {
      final JsonNode value = node.get(key);
      if (value == null || !value.isTextual()) {
        throw new PlatformException(source + ": \"" + prefix + key + "\" must be a string");
      }
      return value.asText();
    }

    Address address(final JsonNode node, final String key, final String prefix) {
      final String text = text(node, key, prefix);
      try {
        return Address.fromHex(text);
      } catch (RuntimeException e) {
        throw new PlatformException(
            source + ": \"" + prefix + key + "\" is not an address: " + text);
      }
    }

    long number(final JsonNode node, final String key, final String prefix) {
      final JsonNode value = node.get(key);
      if (value == null || !value.canConvertToExactIntegral() || !value.canConvertToLong()) {
        throw new PlatformException(source + ": \"" + prefix + key + "\" must be an integer");
      }
      return value.asLong();
    }
  }
}
