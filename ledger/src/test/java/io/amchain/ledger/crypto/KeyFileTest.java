package io.amchain.ledger.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amchain.ledger.crypto.KeystoreException.Reason;
import org.junit.jupiter.api.Test;

/**
 * Web3 Secret Storage v3 against the two test vectors of the definition (also geth's
 * accounts/keystore/testdata/v3_test_vector.json), plus round trips and refusals.
 */
class KeyFileTest {
  private static final String PASSWORD = "testpassword";
  private static final PrivateKey VECTOR_KEY =
      PrivateKey.fromHex("7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d");

  private static final String PBKDF2_VECTOR =
      """
      {"crypto": {"cipher": "aes-128-ctr",
        "cipherparams": {"iv": "6087dab2f9fdbbfaddc31a909735c1e6"},
        "ciphertext": "5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46",
        "kdf": "pbkdf2",
        "kdfparams": {"c": 262144, "dklen": 32, "prf": "hmac-sha256",
          "salt": "ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd"},
        "mac": "517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2"},
       "id": "3198bc9c-6672-5ab3-d995-4942343ae5b6", "version": 3}
      """;

  private static final String SCRYPT_VECTOR =
      """
      {"crypto": {"cipher": "aes-128-ctr",
        "cipherparams": {"iv": "83dbcc02d8ccb40e466191a123791e0e"},
        "ciphertext": "d172bf743a674da9cdad04534d56926ef8358534d458fffccd4e6ad2fbde479c",
        "kdf": "scrypt",
        "kdfparams": {"dklen": 32, "n": 262144, "r": 1, "p": 8,
          "salt": "ab0c7876052600dd703518d6fc3fe8984592145b591fc8fb5c6d43190334ba19"},
        "mac": "2103ac29920d71da29f15d75b4a16dbe95cfd7ff8faea1056c33131d846e3097"},
       "id": "3198bc9c-6672-5ab3-d995-4942343ae5b6", "version": 3}
      """;

  /** geth's vector of a key that early geth wrote without its leading zero byte. */
  private static final String SHORT_KEY_VECTOR =
      """
      {"crypto": {"cipher": "aes-128-ctr",
        "cipherparams": {"iv": "e0c41130a323adc1446fc82f724bca2f"},
        "ciphertext": "9517cd5bdbe69076f9bf5057248c6c050141e970efa36ce53692d5d59a3984",
        "kdf": "scrypt",
        "kdfparams": {"dklen": 32, "n": 2, "r": 8, "p": 1,
          "salt": "711f816911c92d649fb4c84b047915679933555030b3552c1212609b38208c63"},
        "mac": "d5e116151c6aa71470e67a7d42c9620c75c4d23229847dcc127794f0732b0db5"},
       "id": "fecfc4ce-e956-48fd-953b-30f8b52ed66c", "version": 3}
      """;

  /** Written by ethers 6.17 (encryptKeystoreJson, scrypt n=4096), which spells it "Crypto". */
  private static final String ETHERS_FILE =
      """
      {"address":"70997970c51812dc3a010c7d01b50e0d17dc79c8",
       "id":"8d232a87-3006-4acc-be54-74f671239097","version":3,
       "Crypto":{"cipher":"aes-128-ctr","cipherparams":{"iv":"efb41d2f1db609f8273c214d8fe779ca"},
        "ciphertext":"771a96cc01ff026dc237c2ae64204f9e48c17753ef964e49504ba72f43aa604e",
        "kdf":"scrypt",
        "kdfparams":{"salt":"cf225a32304bb8c0d23fd8a0f718bd94e902e99f5ee221d84a911335a874b08f",
         "n":4096,"dklen":32,"p":1,"r":8},
        "mac":"c2f21838e6161f646bf24b475254d65dac3ca181fb70e0757eb44ce208e1c3f2"}}
      """;

  @Test
  void decryptsAFileEthersWrote() {
    assertEquals(DevAccounts.key(1), KeyFile.decrypt(ETHERS_FILE, "pw2"));
    assertEquals(DevAccounts.key(1).publicKey().address(), KeyFile.address(ETHERS_FILE));
  }

  @Test
  void decryptsThePbkdf2TestVector() {
    assertEquals(VECTOR_KEY, KeyFile.decrypt(PBKDF2_VECTOR, PASSWORD));
  }

  @Test
  void decryptsTheScryptTestVector() {
    assertEquals(VECTOR_KEY, KeyFile.decrypt(SCRYPT_VECTOR, PASSWORD));
  }

  @Test
  void decryptsAKeyStoredWithoutItsLeadingZero() {
    assertEquals(
        PrivateKey.fromHex("00fa7b3db73dc7dfdf8c5fbdb796d741e4488628c41fc4febd9160a866ba0f35"),
        KeyFile.decrypt(SHORT_KEY_VECTOR, "foo"));
  }

  @Test
  void aWrongPasswordIsReportedAsSuch() {
    final KeystoreException e =
        assertThrows(KeystoreException.class, () -> KeyFile.decrypt(PBKDF2_VECTOR, "wrong"));
    assertEquals(Reason.WRONG_PASSWORD, e.reason());
    assertEquals("could not decrypt key with given password", e.getMessage());
  }

  @Test
  void roundTripWithTheLightCost() throws Exception {
    final PrivateKey key = PrivateKey.generate();
    final String json = KeyFile.encrypt(key, "pässword", KeyFile.ScryptParams.LIGHT);
    assertEquals(key, KeyFile.decrypt(json, "pässword"));
    assertEquals(key.publicKey().address(), KeyFile.address(json));
    assertEquals(
        Reason.WRONG_PASSWORD,
        assertThrows(KeystoreException.class, () -> KeyFile.decrypt(json, "password")).reason());

    final JsonNode file = new ObjectMapper().readTree(json);
    assertEquals(3, file.get("version").asInt());
    assertEquals(key.publicKey().address().toHex().substring(2), file.get("address").asText());
    assertTrue(file.get("id").asText().matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-.*"));
    final JsonNode crypto = file.get("crypto");
    assertEquals("aes-128-ctr", crypto.get("cipher").asText());
    assertEquals("scrypt", crypto.get("kdf").asText());
    final JsonNode kdf = crypto.get("kdfparams");
    assertEquals(4096, kdf.get("n").asInt());
    assertEquals(8, kdf.get("r").asInt());
    assertEquals(1, kdf.get("p").asInt());
    assertEquals(32, kdf.get("dklen").asInt());
    assertEquals(64, kdf.get("salt").asText().length());
    assertEquals(32, crypto.get("cipherparams").get("iv").asText().length());
    assertEquals(64, crypto.get("ciphertext").asText().length());
  }

  @Test
  void eachEncryptionUsesFreshSaltAndIv() {
    final PrivateKey key = PrivateKey.generate();
    assertNotEquals(
        KeyFile.encrypt(key, "p", KeyFile.ScryptParams.LIGHT),
        KeyFile.encrypt(key, "p", KeyFile.ScryptParams.LIGHT));
  }

  @Test
  void theStandardCostIsGeths() {
    assertEquals(new KeyFile.ScryptParams(262_144, 8, 1), KeyFile.ScryptParams.STANDARD);
    assertThrows(IllegalArgumentException.class, () -> new KeyFile.ScryptParams(1000, 8, 1));
  }

  @Test
  void aTamperedCiphertextFailsTheMac() {
    final String json = KeyFile.encrypt(PrivateKey.generate(), "p", KeyFile.ScryptParams.LIGHT);
    final String ciphertext = json.replaceAll(".*\"ciphertext\":\"([0-9a-f]+)\".*", "$1");
    final String flipped = (ciphertext.charAt(0) == '0' ? "1" : "0") + ciphertext.substring(1);
    assertEquals(
        Reason.WRONG_PASSWORD,
        assertThrows(
                KeystoreException.class,
                () -> KeyFile.decrypt(json.replace(ciphertext, flipped), "p"))
            .reason());
  }

  @Test
  void filesWeCannotReadSayWhy() {
    assertRefused(Reason.MALFORMED, "not json", "JSON");
    assertRefused(Reason.MALFORMED, "[1]", "JSON object");
    assertRefused(
        Reason.UNSUPPORTED, PBKDF2_VECTOR.replace("\"version\": 3", "\"version\": 1"), "version");
    assertRefused(
        Reason.UNSUPPORTED, PBKDF2_VECTOR.replace("aes-128-ctr", "aes-128-cbc"), "cipher");
    assertRefused(Reason.UNSUPPORTED, PBKDF2_VECTOR.replace("\"pbkdf2\"", "\"argon2\""), "kdf");
    assertRefused(Reason.UNSUPPORTED, PBKDF2_VECTOR.replace("hmac-sha256", "hmac-sha1"), "prf");
    assertRefused(Reason.MALFORMED, PBKDF2_VECTOR.replace("\"mac\"", "\"nomac\""), "\"mac\"");
    assertRefused(
        Reason.MALFORMED, PBKDF2_VECTOR.replace("\"iv\": \"6087", "\"iv\": \"zz87"), "\"iv\"");
    assertRefused(
        Reason.UNSUPPORTED, SCRYPT_VECTOR.replace("\"n\": 262144", "\"n\": 1073741824"), "1 GiB");
    assertRefused(Reason.MALFORMED, SHORT_KEY_VECTOR.replace("\"n\": 2", "\"n\": 3"), "scrypt");
    final KeystoreException e =
        assertThrows(KeystoreException.class, () -> KeyFile.address(PBKDF2_VECTOR));
    assertEquals(Reason.MALFORMED, e.reason());
    assertTrue(e.getMessage().contains("\"address\""), e.getMessage());
  }

  private static void assertRefused(final Reason reason, final String json, final String says) {
    final KeystoreException e =
        assertThrows(KeystoreException.class, () -> KeyFile.decrypt(json, PASSWORD));
    assertEquals(reason, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains(says), e.getMessage());
  }
}
