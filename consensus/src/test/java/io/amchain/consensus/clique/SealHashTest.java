package io.amchain.consensus.clique;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.block.LogsBloom;
import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import org.junit.jupiter.api.Test;

class SealHashTest {

  /** geth's TestSealHash header: every field zero, extra = 97 zero bytes. */
  private static BlockHeader.Builder allZero() {
    return BlockHeader.builder()
        .ommersHash(Hash.ZERO)
        .logsBloom(LogsBloom.EMPTY)
        .difficulty(UInt256.ZERO)
        .extraData(Bytes.wrap(new byte[97]));
  }

  @Test
  void matchesGethWithBaseFee() {
    assertEquals(
        Hash.fromHex("0xbd3d1fa43fbc4c5bfcc91b179ec92e2861df3654de60468beb908ff805359e8f"),
        Clique.sealHash(allZero().baseFee(UInt256.ZERO).build()));
  }

  @Test
  void matchesTheIndependentPreLondonValue() {
    assertEquals(
        Hash.fromHex("0x32c78209d47a02ec711062084b8f4dc8761e3b4a9582d35c74b1d1844cce1db4"),
        Clique.sealHash(allZero().build()));
  }

  @Test
  void sealIsRecoveredAndChangesTheBlockHashButNotTheSealHash() {
    final PrivateKey key = PrivateKey.generate();
    final BlockHeader unsealed = allZero().number(1).build();
    final BlockHeader sealed = Clique.seal(unsealed, key);
    assertEquals(key.publicKey().address(), Clique.signer(sealed));
    assertEquals(Clique.sealHash(unsealed), Clique.sealHash(sealed));
    assertNotEquals(unsealed.hash(), sealed.hash());
    final int v = sealed.extraData().unsigned(96);
    assertEquals(true, v == 0 || v == 1, "v is the recovery id, not 27/28");
  }
}
