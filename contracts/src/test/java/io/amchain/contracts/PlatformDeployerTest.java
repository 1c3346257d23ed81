package io.amchain.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.amchain.contracts.MemberRegistry.Founder;
import io.amchain.contracts.MemberRegistry.Role;
import io.amchain.ledger.types.Address;
import java.math.BigInteger;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlatformDeployerTest {
  private static final Address A = Address.fromHex("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
  private static final Address B = Address.fromHex("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");

  @Test
  void predictsCreateAddressesAsHardhatAssignsThem() {
    // The addresses every Hardhat user has seen for account 0's first two deployments.
    assertEquals(
        "0x5FbDB2315678afecb367f032d93F642f64180aa3",
        PlatformDeployer.createAddress(A, BigInteger.ZERO).toString());
    assertEquals(
        "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
        PlatformDeployer.createAddress(A, BigInteger.ONE).toString());
  }

  @Test
  void foundersEncodeAsTheConstructorsTupleArray() {
    final PlatformDeployer.Settings settings =
        PlatformDeployer.Settings.defaults(
            List.of(new Founder(A, Role.MINER, B), new Founder(B, Role.CUSTOMER, Address.ZERO)), A);
    final Map<PlatformContract, Address> at = new EnumMap<>(PlatformContract.class);
    final String encoded =
        Abi.constructorArguments(
            PlatformDeployer.constructorArguments(PlatformContract.MEMBER_REGISTRY, at, settings));
    final String word = "%064x";
    final String expected =
        String.format(word, 0x40) // offset of founders
            + String.format(word, 604_800) // proposalPeriod
            + String.format(word, 2) // founders.length
            + "000000000000000000000000"
            + A.toHex().substring(2)
            + String.format(word, 3) // MINER
            + "000000000000000000000000"
            + B.toHex().substring(2)
            + "000000000000000000000000"
            + B.toHex().substring(2)
            + String.format(word, 1) // CUSTOMER
            + String.format(word, 0);
    assertEquals(expected, encoded);
  }

  @Test
  void escrowGetsTheRegistryAsAdminAndTheFees() {
    final PlatformDeployer.Settings settings =
        PlatformDeployer.Settings.defaults(List.of(new Founder(A, Role.MINER, A)), B);
    final Map<PlatformContract, Address> at = new EnumMap<>(PlatformContract.class);
    at.put(PlatformContract.MEMBER_REGISTRY, A);
    final String encoded =
        Abi.constructorArguments(
            PlatformDeployer.constructorArguments(PlatformContract.ESCROW, at, settings));
    assertEquals(7 * 64, encoded.length());
    assertTrue(encoded.startsWith("000000000000000000000000" + A.toHex().substring(2)));
    assertTrue(encoded.endsWith(String.format("%064x%064x%064x", 100, 100, 50)));
  }

  @Test
  void refusesSettingsTheContractsWouldRefuseOrThatCouldNeverGovern() {
    assertEquals(
        "founder " + A + " is a MINER without a signer address",
        assertThrows(
                PlatformException.class,
                () ->
                    PlatformDeployer.Settings.defaults(
                        List.of(new Founder(A, Role.MINER, Address.ZERO)), A))
            .getMessage());
    assertThrows(
        PlatformException.class,
        () ->
            PlatformDeployer.Settings.defaults(
                List.of(new Founder(A, Role.MINER, A), new Founder(B, Role.MINER, A)), A));
    assertThrows(
        PlatformException.class,
        () ->
            PlatformDeployer.Settings.defaults(
                List.of(new Founder(A, Role.CUSTOMER, Address.ZERO)), A));
    assertThrows(PlatformException.class, () -> PlatformDeployer.Settings.defaults(List.of(), A));
    assertThrows(
        PlatformException.class,
        () ->
            new PlatformDeployer.Settings(
                List.of(new Founder(A, Role.MINER, A)),
                A,
                A,
                A,
                1,
                1,
                1,
                new PlatformManifest.Fees(1000, 1000, 1)));
  }
}
