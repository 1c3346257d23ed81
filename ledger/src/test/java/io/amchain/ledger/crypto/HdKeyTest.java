package io.amchain.ledger.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.amchain.ledger.types.Bytes;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * BIP-32 against test vector 1 of the BIP: every extended private key of the chain
 * m/0'/1/2'/2/1000000000, decoded from its Base58Check form, must match ours in depth, child
 * number, chain code and key.
 */
class HdKeyTest {
  private static final Bytes SEED = Bytes.fromHex("000102030405060708090a0b0c0d0e0f");

  /** Test vector 1 of BIP-32, chain m/0H/1/2H/2/1000000000: each step's "ext prv". */
  private static final List<String> VECTOR_1 =
      List.of(
          "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi",
          "xprv9uHRZZhk6KAJC1avXpDAp4MDc3sQKNxDiPvvkX8Br5ngLNv1TxvUxt4cV1rGL5hj6KCesnDYUhd7oWgT11eZG7XnxHrnYeSvkzY7d2bhkJ7",
          "xprv9wTYmMFdV23N2TdNG573QoEsfRrWKQgWeibmLntzniatZvR9BmLnvSxqu53Kw1UmYPxLgboyZQaXwTCg8MSY3H2EU4pWcQDnRnrVA1xe8fs",
          "xprv9z4pot5VBttmtdRTWfWQmoH1taj2axGVzFqSb8C9xaxKymcFzXBDptWmT7FwuEzG3ryjH4ktypQSAewRiNMjANTtpgP4mLTj34bhnZX7UiM",
          "xprvA2JDeKCSNNZky6uBCviVfJSKyQ1mDYahRjijr5idH2WwLsEd4Hsb2Tyh8RfQMuPh7f7RtyzTtdrbdqqsunu5Mm3wDvUAKRHSC34sJ7in334",
          "xprvA41z7zogVVwxVSgdKUHDy1SKmdb533PjDz7J6N6mV6uS3ze1ai8FHa8kmHScGpWmj4WggLyQjgPie1rFSruoUihUZREPSL39UNdE3BBDu76");

  private static final String VECTOR_1_PATH = "m/0H/1/2H/2/1000000000";

  @Test
  void testVector1ChainStepByStep() {
    final List<Integer> steps = DerivationPath.parse(VECTOR_1_PATH).childNumbers();
    HdKey key = HdKey.master(SEED);
    assertMatches(VECTOR_1.get(0), key, 0);
    for (int i = 0; i < steps.size(); i++) {
      key = key.child(steps.get(i));
      assertMatches(VECTOR_1.get(i + 1), key, steps.get(i));
    }
    assertEquals("m/0'/1/2'/2/1000000000", key.path().toString());
  }

  @Test
  void testVector1ByPath() {
    assertMatches(
        VECTOR_1.get(5), HdKey.fromSeed(SEED, DerivationPath.parse(VECTOR_1_PATH)), 1_000_000_000);
    assertMatches(
        VECTOR_1.get(3), HdKey.master(SEED).derive("m/0'/1/2'"), 2 | DerivationPath.HARDENED);
  }

  @Test
  void theMasterKeyIsTheVectorsKnownKey() {
    // SLIP-0010 lists the same master key in hex.
    assertEquals(
        Bytes.fromHex("e8f32e723decf4051aefac8e2c93c9c5b214313817cdb01a1494b917c8436b35"),
        HdKey.master(SEED).privateKey().toBytes());
  }

  @Test
  void hardenedMarkersAreInterchangeable() {
    final DerivationPath path = DerivationPath.parse("m/44'/60'/0'/0/3");
    assertEquals(path, DerivationPath.parse("m/44h/60H/0'/0/3"));
    assertEquals(
        List.of(
            44 | DerivationPath.HARDENED,
            60 | DerivationPath.HARDENED,
            DerivationPath.HARDENED,
            0,
            3),
        path.childNumbers());
    assertEquals("m/44'/60'/0'/0/3", path.toString());
    assertEquals("m", DerivationPath.parse("m").toString());
    assertTrue(DerivationPath.isHardened(path.childNumbers().get(2)));
    assertFalse(DerivationPath.isHardened(path.childNumbers().get(3)));
  }

  @Test
  void badPathsAreRejectedWithTheReason() {
    assertPathError("44'/60'", "must start with \"m\"");
    assertPathError("", "must start with \"m\"");
    assertPathError("M/0", "must start with \"m\"");
    assertPathError("m/", "step \"\" is not an index");
    assertPathError("m/44'//0", "step \"\" is not an index");
    assertPathError("m/x", "step \"x\" is not an index");
    assertPathError("m/-1", "step \"-1\" is not an index");
    assertPathError("m/1''", "step \"1''\" is not an index");
    assertPathError("m/2147483648", "above the largest index 2147483647");
    assertPathError("m/99999999999999999999'", "above the largest index");
    assertEquals(List.of(Integer.MAX_VALUE), DerivationPath.parse("m/2147483647").childNumbers());
  }

  @Test
  void onlyTheMasterKeyDerivesAnAbsolutePath() {
    final HdKey child = HdKey.master(SEED).child(0);
    assertThrows(IllegalStateException.class, () -> child.derive("m/1"));
  }

  @Test
  void seedLengthIsChecked() {
    assertThrows(IllegalArgumentException.class, () -> HdKey.master(Bytes.wrap(new byte[15])));
    assertThrows(IllegalArgumentException.class, () -> HdKey.master(Bytes.wrap(new byte[65])));
  }

  @Test
  void toStringShowsThePathNotTheKey() {
    final HdKey key = HdKey.master(SEED).derive("m/0'/1");
    assertEquals("HdKey[m/0'/1]", key.toString());
  }

  private static void assertPathError(final String path, final String reason) {
    final DerivationPathException e =
        assertThrows(DerivationPathException.class, () -> DerivationPath.parse(path));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
    assertTrue(e.getMessage().contains("\"" + path + "\""), e.getMessage());
  }

  /** Serialization format of BIP-32: version, depth, parent fingerprint, child, chain code, key. */
  private static void assertMatches(
      final String xprv, final HdKey key, final int expectedChildNumber) {
    final byte[] data = base58Check(xprv);
    assertEquals(78, data.length);
    assertEquals(key.path().childNumbers().size(), data[4], "depth");
    final int childNumber = ByteBuffer.wrap(data, 9, 4).getInt();
    assertEquals(expectedChildNumber, childNumber, "child number");
    if (!key.path().childNumbers().isEmpty()) {
      assertEquals(
          key.path().childNumbers().get(key.path().childNumbers().size() - 1), childNumber);
    }
    assertEquals(Bytes.wrap(Arrays.copyOfRange(data, 13, 45)), key.chainCode(), "chain code");
    assertEquals(0, data[45], "private key marker");
    assertEquals(Bytes.wrap(Arrays.copyOfRange(data, 46, 78)), key.privateKey().toBytes(), xprv);
  }

  private static byte[] base58Check(final String text) {
    final String alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    BigInteger value = BigInteger.ZERO;
    for (int i = 0; i < text.length(); i++) {
      final int digit = alphabet.indexOf(text.charAt(i));
      value = value.multiply(BigInteger.valueOf(58)).add(BigInteger.valueOf(digit));
    }
    final byte[] raw = value.toByteArray();
    final byte[] full = Arrays.copyOfRange(raw, raw.length - 82, raw.length);
    final byte[] payload = Arrays.copyOf(full, 78);
    final byte[] checksum = Arrays.copyOf(sha256(sha256(payload)), 4);
    assertArrayEquals(Arrays.copyOfRange(full, 78, 82), checksum, "Base58Check checksum");
    return payload;
  }

  private static byte[] sha256(final byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
