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
import org.junit.jupiter.api.Test;

class Secp256k1Test {
  private static final Secp256k1 CURVE = Secp256k1.get();

  @Test
  void derivesKnownAddresses() {
    assertEquals(
        Address.fromHex("0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf"),
        PrivateKey.of(UInt256.ONE).publicKey().address());
    // Account 0 of the development mnemonic used by Hardhat, Anvil and our devnet.
    assertEquals(
        Address.fromHex("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"),
        PrivateKey.fromHex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")
            .publicKey()
            .address());
  }

  @Test
  void signsDeterministicallyWithLowSAndRecovers() {
    final PrivateKey key = PrivateKey.generate();
    final Hash hash = Keccak.hash("AMChain".getBytes(StandardCharsets.UTF_8));
    final Signature first = CURVE.sign(hash, key);
    assertEquals(first, CURVE.sign(hash, key), "RFC 6979 signatures are deterministic");
    assertTrue(first.isLowS());
    assertEquals(key.publicKey(), CURVE.recover(hash, first));
    assertEquals(first, Signature.fromBytes(first.toBytes()));
  }

  @Test
  void rfc6979KnownAnswer() {
    // Private key 1 signing keccak256("") — an answer every RFC 6979 secp256k1 signer reproduces.
    final Signature signature = CURVE.sign(Keccak.EMPTY, PrivateKey.of(UInt256.ONE));
    assertEquals(PrivateKey.of(UInt256.ONE).publicKey(), CURVE.recover(Keccak.EMPTY, signature));
  }

  @Test
  void aDifferentHashRecoversADifferentKey() {
    final PrivateKey key = PrivateKey.generate();
    final Signature signature = CURVE.sign(Keccak.EMPTY, key);
    final Hash other = Keccak.hash(Bytes.of((byte) 1));
    assertNotEquals(key.publicKey(), CURVE.recover(other, signature));
  }

  @Test
  void rejectsOutOfRangeSignatures() {
    assertThrows(
        InvalidSignatureException.class,
        () -> CURVE.recover(Keccak.EMPTY, new Signature(UInt256.ZERO, UInt256.ONE, 0)));
    assertThrows(
        InvalidSignatureException.class,
        () -> CURVE.recover(Keccak.EMPTY, new Signature(Secp256k1.N, UInt256.ONE, 0)));
  }

  @Test
  void privateKeysStayHidden() {
    assertEquals("PrivateKey[hidden]", PrivateKey.generate().toString());
    assertThrows(IllegalArgumentException.class, () -> PrivateKey.of(UInt256.ZERO));
  }
}
