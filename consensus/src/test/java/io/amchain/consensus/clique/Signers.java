package io.amchain.consensus.clique;

import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Keccak;
import io.amchain.ledger.types.UInt256;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Named test signers ("A", "B", …) backed by real keys derived from their names. */
final class Signers {
  private final Map<String, PrivateKey> keys = new HashMap<>();

  PrivateKey key(final String name) {
    return keys.computeIfAbsent(
        name,
        n ->
            PrivateKey.of(
                UInt256.fromBytes(
                    Keccak.hash(("amchain-test-signer-" + n).getBytes(StandardCharsets.UTF_8))
                        .bytes())));
  }

  /** The zero address for "", as in the EIP's tables. */
  Address address(final String name) {
    return name.isEmpty() ? Address.ZERO : key(name).publicKey().address();
  }
}
