package io.amchain.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amchain.contracts.MemberRegistry.Founder;
import io.amchain.contracts.MemberRegistry.Role;
import io.amchain.ledger.types.Address;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformManifestTest {
  private static final Address DEPLOYER =
      Address.fromHex("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
  private static final Address OTHER =
      Address.fromHex("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");

  static PlatformManifest sample() {
    final Map<PlatformContract, Address> contracts = new EnumMap<>(PlatformContract.class);
    long nonce = 0;
    for (final PlatformContract contract : PlatformContract.values()) {
      contracts.put(
          contract, PlatformDeployer.createAddress(DEPLOYER, BigInteger.valueOf(nonce++)));
    }
    return new PlatformManifest(
        1337,
        contracts,
        List.of(
            new Founder(DEPLOYER, Role.MINER, DEPLOYER),
            new Founder(OTHER, Role.PROVIDER, Address.ZERO)),
        DEPLOYER,
        OTHER,
        DEPLOYER,
        new PlatformManifest.Deployment(
            DEPLOYER, 12, 604_800, 259_200, 259_200, new PlatformManifest.Fees(100, 100, 50)));
  }

  @Test
  void writesTheConventionsKeysInOrderWithChecksummedAddresses() throws Exception {
    final JsonNode root = new ObjectMapper().readTree(sample().toJson());
    final List<String> keys = new ArrayList<>();
    root.fieldNames().forEachRemaining(keys::add);
    assertEquals(
        List.of(
            "chainId",
            "contracts",
            "founders",
            "treasury",
            "minerRewardPool",
            "arbitrationPool",
            "deployer",
            "deployedAtBlock",
            "proposalPeriod",
            "votingPeriod",
            "confirmationWindow",
            "fees"),
        keys);
    final List<String> names = new ArrayList<>();
    root.get("contracts").fieldNames().forEachRemaining(names::add);
    assertEquals(
        List.of(
            "MemberRegistry",
            "DesignRegistry",
            "JobMarket",
            "Escrow",
            "TelemetryOracle",
            "Arbitration",
            "Reputation",
            "PartPassport"),
        names);
    assertEquals(1337, root.get("chainId").asLong());
    assertEquals("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", root.get("deployer").asText());
    assertEquals(
        "0x5FbDB2315678afecb367f032d93F642f64180aa3",
        root.get("contracts").get("MemberRegistry").asText());
    final JsonNode founder = root.get("founders").get(0);
    assertEquals("MINER", founder.get("role").asText());
    assertEquals(founder.get("address").asText(), founder.get("signer").asText());
    assertEquals(50, root.get("fees").get("arbitrationPoolBps").asInt());
  }

  @Test
  void readsBackWhatItWrote(@TempDir final Path dir) {
    final Path file = dir.resolve("sub/platform.json");
    sample().write(file);
    assertEquals(sample(), PlatformManifest.read(file));
    assertTrue(Files.exists(file));
    assertTrue(!Files.exists(dir.resolve("sub/platform.json.partial")));
  }

  @Test
  void aManifestWithoutTheExtraKeysIsRead() throws Exception {
    final ObjectMapper json = new ObjectMapper();
    final com.fasterxml.jackson.databind.node.ObjectNode root =
        (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(sample().toJson());
    for (final String extra :
        List.of(
            "deployer",
            "deployedAtBlock",
            "proposalPeriod",
            "votingPeriod",
            "confirmationWindow",
            "fees")) {
      root.remove(extra);
    }
    final PlatformManifest read = PlatformManifest.parse(json.writeValueAsString(root), "m.json");
    assertNull(read.deployment());
    assertEquals(sample().contracts(), read.contracts());
  }

  @Test
  void saysWhichKeyIsWrong() {
    final String json = sample().toJson();
    final PlatformException missing =
        assertThrows(
            PlatformException.class,
            () -> PlatformManifest.parse(json.replace("\"Escrow\"", "\"Escrow2\""), "m.json"));
    assertEquals("m.json: \"contracts.Escrow\" must be a string", missing.getMessage());
    final PlatformException role =
        assertThrows(
            PlatformException.class,
            () -> PlatformManifest.parse(json.replace("\"PROVIDER\"", "\"BOSS\""), "m.json"));
    assertEquals("m.json: unknown founder role \"BOSS\"", role.getMessage());
    assertThrows(PlatformException.class, () -> PlatformManifest.parse("[1]", "m.json"));
    assertThrows(PlatformException.class, () -> PlatformManifest.parse("{", "m.json"));
  }

  @Test
  void aMissingFileIsNamed(@TempDir final Path dir) {
    final PlatformException e =
        assertThrows(
            PlatformException.class, () -> PlatformManifest.read(dir.resolve("none.json")));
    assertEquals("no manifest " + dir.resolve("none.json"), e.getMessage());
  }
}
