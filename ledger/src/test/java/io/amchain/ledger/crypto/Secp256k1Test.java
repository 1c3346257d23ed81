package io.amchain.ledger.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.Keccak;
import io.amchain.ledger.types.UInt256;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@link Secp256k1} contract, for each implementation. */
class Secp256k1Test {
  static List<Secp256k1> implementations() {
    return Secp256k1Implementations.all();
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void derivesKnownAddresses(final Secp256k1 curve) {
    assertEquals(
        Address.fromHex("0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf"),
        curve.publicKey(PrivateKey.of(UInt256.ONE)).address());
    // Account 0 of the development mnemonic used by Hardhat, Anvil and our devnet.
    assertEquals(
        Address.fromHex("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"),
        curve
            .publicKey(
                PrivateKey.fromHex(
                    "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"))
            .address());
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void signsDeterministicallyWithLowSAndRecovers(final Secp256k1 curve) {
    final PrivateKey key = PrivateKey.generate();
    final Hash hash = Keccak.hash("AMChain".getBytes(StandardCharsets.UTF_8));
    final Signature first = curve.sign(hash, key);
    assertEquals(first, curve.sign(hash, key), "RFC 6979 signatures are deterministic");
    assertTrue(first.isLowS());
    assertEquals(curve.publicKey(key), curve.recover(hash, first));
    assertEquals(first, Signature.fromBytes(first.toBytes()));
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void rfc6979KnownAnswer(final Secp256k1 curve) {
    // EIP-155's example: key 0x4646...46 signs the hash of its example transaction; the EIP gives
    // r, s and v = 37 (recovery id 0 at chain id 1).
    final Hash hash =
        Hash.fromHex("0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53");
    final PrivateKey key = PrivateKey.fromHex("0x" + "46".repeat(32));
    final Signature expected =
        new Signature(
            UInt256.parse(
                "18515461264373351373200002665853028612451056578545711640558177340181847433846"),
            UInt256.parse(
                "46948507304638947509940763649030358759909902576025900602547168820602576006531"),
            0);
    assertEquals(expected, curve.sign(hash, key));
    assertEquals(
        Address.fromHex("0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F"),
        curve.recoverAddress(hash, expected));
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void aDifferentHashRecoversADifferentKey(final Secp256k1 curve) {
    final PrivateKey key = PrivateKey.generate();
    final Signature signature = curve.sign(Keccak.EMPTY, key);
    final Hash other = Keccak.hash(Bytes.of((byte) 1));
    assertNotEquals(curve.publicKey(key), curve.recover(other, signature));
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void rejectsOutOfRangeSignatures(final Secp256k1 curve) {
    for (final Signature outOfRange :
        List.of(
            new Signature(UInt256.ZERO, UInt256.ONE, 0),
            new Signature(UInt256.ONE, UInt256.ZERO, 1),
            new Signature(Secp256k1.N, UInt256.ONE, 0),
            new Signature(UInt256.ONE, Secp256k1.N, 0),
            new Signature(UInt256.MAX, UInt256.MAX, 1))) {
      final InvalidSignatureException thrown =
          assertThrows(
              InvalidSignatureException.class, () -> curve.recover(Keccak.EMPTY, outOfRange));
      assertEquals("signature r or s out of range [1, n-1]", thrown.getMessage());
    }
  }

  @Test
  void privateKeysStayHidden() {
    assertEquals("PrivateKey[hidden]", PrivateKey.generate().toString());
    assertThrows(IllegalArgumentException.class, () -> PrivateKey.of(UInt256.ZERO));
  }
}
