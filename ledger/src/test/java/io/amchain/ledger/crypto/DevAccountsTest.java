package io.amchain.ledger.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.amchain.ledger.types.Address;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The devnet accounts are the ones Hardhat and Anvil print for the same mnemonic. */
class DevAccountsTest {
  private static final List<String> ADDRESSES =
      List.of(
          "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
          "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
          "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");
  private static final List<String> KEYS =
      List.of(
          "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
          "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
          "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a");

  @Test
  void theFirstThreeAccountsOfTheDevelopmentMnemonic() {
    final List<PrivateKey> keys = DevAccounts.keys(DevAccounts.MNEMONIC, 3);
    for (int i = 0; i < 3; i++) {
      assertEquals(PrivateKey.fromHex(KEYS.get(i)), keys.get(i), "key " + i);
      assertEquals(PrivateKey.fromHex(KEYS.get(i)), DevAccounts.key(i), "key " + i);
      final Address address = keys.get(i).publicKey().address();
      assertEquals(ADDRESSES.get(i), address.toChecksumHex(), "address " + i);
    }
  }

  @Test
  void accountIIsChildIOfTheBip44Chain() {
    assertEquals(
        HdKey.fromSeed(
                Mnemonic.seed(DevAccounts.MNEMONIC), DerivationPath.parse("m/44'/60'/0'/0/7"))
            .privateKey(),
        DevAccounts.key(DevAccounts.MNEMONIC, 7));
  }

  @Test
  void anotherMnemonicGivesOtherAccounts() {
    assertNotEquals(
        DevAccounts.key(0),
        DevAccounts.key(
            "abandon abandon abandon abandon abandon abandon abandon abandon"
                + " abandon abandon abandon about",
            0));
  }

  @Test
  void badCountsAndIndexesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> DevAccounts.key(-1));
    assertThrows(IllegalArgumentException.class, () -> DevAccounts.keys(DevAccounts.MNEMONIC, -1));
    assertEquals(List.of(), DevAccounts.keys(DevAccounts.MNEMONIC, 0));
  }
}
