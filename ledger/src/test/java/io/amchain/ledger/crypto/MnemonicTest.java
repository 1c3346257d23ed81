package io.amchain.ledger.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.amchain.ledger.types.Bytes;
import org.junit.jupiter.api.Test;

/** BIP-39 seeds against the reference vectors the BIP points to (passphrase "TREZOR"). */
class MnemonicTest {
  private static final String ABANDON =
      "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

  @Test
  void referenceVectorsWithTheTrezorPassphrase() {
    assertEquals(
        Bytes.fromHex(
            "c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e5349553"
                + "1f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04"),
        Mnemonic.seed(ABANDON, "TREZOR"));
    assertEquals(
        Bytes.fromHex(
            "ac27495480225222079d7be181583751e86f571027b0497b5b5d11218e0a8a13"
                + "332572917f0f8e5a589620c6f15b11c61dee327651a14c34e18231052e48c069"),
        Mnemonic.seed("zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong", "TREZOR"));
  }

  @Test
  void withoutPassphrase() {
    final Bytes expected =
        Bytes.fromHex(
            "5eb00bbddcf069084889a8ab9155568165f5c453ccb85e70811aaed6f6da5fc1"
                + "9a5ac40b389cd370d086206dec8aa6c43daea6690f20ad3d8d48b2d2ce9e38e4");
    assertEquals(expected, Mnemonic.seed(ABANDON));
    assertEquals(expected, Mnemonic.seed(ABANDON, ""));
  }

  @Test
  void sentenceAndPassphraseAreNfkdNormalised() {
    // "é" as one code point and as "e" plus a combining acute accent are the same passphrase.
    assertEquals(Mnemonic.seed(ABANDON, "caf\u00e9"), Mnemonic.seed(ABANDON, "cafe\u0301"));
    assertEquals(Mnemonic.seed("caf\u00e9 test"), Mnemonic.seed("cafe\u0301 test"));
    assertNotEquals(Mnemonic.seed(ABANDON, "cafe"), Mnemonic.seed(ABANDON, "caf\u00e9"));
  }
}
